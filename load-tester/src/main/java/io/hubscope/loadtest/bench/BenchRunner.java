package io.hubscope.loadtest.bench;

import io.hubscope.loadtest.bench.Scenario.Observer;
import io.hubscope.loadtest.bench.Scenario.Target;
import io.hubscope.loadtest.profile.Profile;
import io.hubscope.loadtest.run.LoadTest;
import io.hubscope.loadtest.run.LoadTestResult;
import io.hubscope.loadtest.run.LoadTestSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs scenarios against already started servers, in process, sampling each server's /proc figures
 * over exactly the measured phase of each load test.
 */
final class BenchRunner {

  private final Map<Target, List<String>> urls;
  private final List<ServerProcess> servers;
  private final TapStack tap;
  private final PrintStream log;

  /** {@code tap} is null when there is no observer (the tap scenarios are skipped then). */
  BenchRunner(Map<Target, List<String>> urls, List<ServerProcess> servers, TapStack tap, PrintStream log) {
    this.urls = urls;
    this.servers = servers;
    this.tap = tap;
    this.log = log;
  }

  /** An untimed echo against every kind of target, so the JIT has compiled the hot paths of every JVM. */
  void warmUp() throws IOException {
    for (Target target : new Target[] {Target.APP, Target.RAW, Target.ONE_PROXY, Target.TAPPED_PROXY}) {
      if (!urls.containsKey(target)) continue;
      Profile profile = target == Target.RAW ? Profile.RAWECHO : Profile.ECHO;
      Scenario warm = new Scenario("warm-up", profile, 200, 1, 1, target, Duration.ofSeconds(1), Duration.ofSeconds(3),
          Duration.ofSeconds(1), null, null, target == Target.TAPPED_PROXY ? Observer.UP : Observer.ANY, false);
      if (tap != null) tap.ensure(warm.observer());
      run(warm);
    }
  }

  /** One run of every scenario that can run, in order; ratios are taken against baselines of this same run. */
  Map<String, Measurement> runAll(List<Scenario> scenarios) throws IOException {
    Map<String, Measurement> measured = new LinkedHashMap<>();
    for (Scenario scenario : scenarios) {
      if (scenario.skipReason() != null) continue;
      log.printf("  %-28s ...", scenario.name());
      Measurement m = scenario.target() == Target.TAPPED_PROXY ? runTapped(scenario) : run(scenario);
      log.printf(" %.0f msgs/s, p99 %.2f ms%s%s%n", m.throughput(), m.p99(), m.tap() == null ? "" : ", " + tapText(m.tap()),
          m.passed() ? "" : " (FAILED" + (m.firstError() == null ? "" : ": " + m.firstError()) + ")");
      measured.put(scenario.name(), m);
    }
    if (tap != null) tap.ensure(Observer.UP); // leave it as the next run expects to find it
    for (Scenario scenario : scenarios) {
      Measurement m = measured.get(scenario.name());
      Measurement base = scenario.baseline() == null ? null : measured.get(scenario.baseline());
      if (m != null && base != null && base.throughput() > 0) {
        measured.put(scenario.name(), m.withRatio(Math.round(m.throughput() / base.throughput() * 100) / 100.0));
      }
    }
    return measured;
  }

  /** Runs a tap scenario with the observer in the state it asks for, counting what the tap sent and dropped. */
  private Measurement runTapped(Scenario s) throws IOException {
    tap.ensure(s.observer());
    TapStack.TapCounts before = tap.counts();
    Measurement m = run(s);
    return m.withTap(tap.counts().since(before));
  }

  static String tapText(TapStack.TapCounts counts) {
    StringBuilder text = new StringBuilder("tap sent ").append(counts.sent()).append(" dropped ").append(counts.droppedTotal());
    if (!counts.dropped().isEmpty()) text.append(' ').append(counts.dropped());
    return text.toString();
  }

  private Measurement run(Scenario s) {
    LoadTestSettings settings = new LoadTestSettings(urls.get(s.target()), s.profile(), s.clients(), s.run(),
        s.rampUp(), s.rampDown(), s.intervalMillis(), s.groups(), "json", List.of(), 0, false, s.transport());
    ServerSampler sampled = new ServerSampler(servers);
    // Heap per client: the target's heap after a full GC without the clients, then with all of them.
    ServerProcess heapTarget = s.heapPerClient() ? server(s.target()) : null;
    double[] heap = {heapTarget == null ? Double.NaN : heapTarget.heapAfterGc(null), Double.NaN};
    LoadTest.PhaseListener sampler = new LoadTest.PhaseListener() {
      @Override
      public void runStarted() {
        if (heapTarget != null) heap[1] = heapTarget.heapAfterGc(null);
        sampled.runStarted();
      }

      @Override
      public void runEnded() {
        sampled.runEnded();
      }
    };
    LoadTestResult r;
    try {
      r = new LoadTest(settings, log, sampler).run();
    } catch (RuntimeException e) {
      log.println(" could not run: " + e.getMessage());
      return new Measurement(0, 0, 0, 0, s.clients(), 1, 0, 0, sampled.figures(0), Double.NaN, false, null, Double.NaN,
          e.getMessage());
    }
    pause();
    return new Measurement(r.throughputPerSecond(), r.latency().p50(), r.latency().p99(), r.missedPercent(),
        r.connectFailures(), r.errors() + r.dropped() + r.misdelivered(), r.cpuMicrosPerMessage(),
        r.allocatedBytesPerMessage(), sampled.figures(r.throughputPerSecond()), Double.NaN, r.passed(), null,
        heapKbPerClient(heap[0], heap[1], r.clients()), r.firstError());
  }

  /** KB of heap per client from the heap without and with them; NaN when either was not measured. */
  static double heapKbPerClient(double without, double with, int clients) {
    if (Double.isNaN(without) || Double.isNaN(with) || clients <= 0) return Double.NaN;
    return Math.round((with - without) / 1024 / clients * 10) / 10.0;
  }

  /** The server the clients of {@code target} connect to (the first, for several). */
  private ServerProcess server(Target target) {
    String url = urls.get(target).get(0);
    return servers.stream().filter(p -> url.startsWith(p.baseUrl() + "/")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no server for " + url));
  }

  /** Lets the servers finish closing the last run's connections before the next one starts. */
  private static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
