package io.hubscope.loadtest.bench;

import io.hubscope.loadtest.bench.Scenario.Observer;
import io.hubscope.loadtest.bench.Scenario.Target;
import io.hubscope.loadtest.metrics.Resumption;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs scenarios against already started servers, in process, sampling each server's /proc figures
 * over exactly the measured phase of each load test.
 */
final class BenchRunner {

  private final Map<Target, List<String>> urls;
  private final List<ServerProcess> servers;
  private final TapStack tap;
  private final ClusterStack cluster;
  private final PrintStream log;

  /**
   * {@code tap} is null when there is no observer (the tap scenarios are skipped then), {@code cluster}
   * when no cluster row runs.
   */
  BenchRunner(Map<Target, List<String>> urls, List<ServerProcess> servers, TapStack tap, ClusterStack cluster,
      PrintStream log) {
    this.urls = urls;
    this.servers = servers;
    this.tap = tap;
    this.cluster = cluster;
    this.log = log;
  }

  /**
   * An untimed echo against every kind of target, and a broadcast against those that fan out, so
   * the JIT has compiled the hot paths of every JVM (the second proxy, reached only through the
   * two-proxy target, and the fan-out path included) before anything is measured.
   */
  void warmUp() throws IOException {
    for (Target target : new Target[] {Target.APP, Target.RAW, Target.ONE_PROXY, Target.TWO_PROXIES,
        Target.TAPPED_PROXY, Target.CLUSTER}) {
      if (!urls.containsKey(target)) continue;
      Profile profile = target == Target.RAW ? Profile.RAWECHO : Profile.ECHO;
      Scenario warm = new Scenario("warm-up", profile, 200, 1, 1, target, Duration.ofSeconds(1), Duration.ofSeconds(3),
          Duration.ofSeconds(1), null, null, target == Target.TAPPED_PROXY ? Observer.UP : Observer.ANY, false);
      if (tap != null) tap.ensure(warm.observer());
      run(warm);
    }
    for (Target target : new Target[] {Target.APP, Target.TWO_PROXIES, Target.CLUSTER}) {
      // Ticks four times a second: each of the 2,000 clients is sent about 16 ticks. The shared
      // view model is disposed with its last member, so the rows tick at their own interval.
      if (urls.containsKey(target)) {
        run(new Scenario("warm-up", Profile.BROADCAST, 2000, 1, 250, target, Duration.ofSeconds(1),
            Duration.ofSeconds(4), Duration.ofSeconds(1), null, null));
      }
    }
    if (urls.containsKey(Target.CLUSTER)) {
      // The cluster's own path too: rooms shared across the two app servers through Redis.
      run(new Scenario("warm-up", Profile.CHATROOM, 400, 10, 250, Target.CLUSTER, Duration.ofSeconds(1),
          Duration.ofSeconds(4), Duration.ofSeconds(1), null, null));
    }
  }

  /** One run of every scenario that can run, in order; ratios are taken against baselines of this same run. */
  Map<String, Measurement> runAll(List<Scenario> scenarios) throws IOException {
    Map<String, Measurement> measured = new LinkedHashMap<>();
    for (Scenario scenario : scenarios) {
      if (scenario.skipReason() != null) continue;
      log.printf("  %-28s ...", scenario.name());
      Measurement m = scenario.target() == Target.TAPPED_PROXY ? runTapped(scenario)
          : scenario.killAfter() != null ? runFailover(scenario) : run(scenario);
      log.printf(" %.0f msgs/s, p99 %.2f ms%s%s%s%n", m.throughput(), m.p99(), m.tap() == null ? "" : ", " + tapText(m.tap()),
          m.failover() == null ? "" : ", " + failoverText(m.failover()),
          m.passed() ? "" : " (FAILED" + (m.firstError() == null ? "" : ": " + m.firstError()) + ")");
      measured.put(scenario.name(), m);
    }
    if (tap != null) tap.ensure(Observer.UP); // leave it as the next run expects to find it
    for (Scenario scenario : scenarios) {
      Measurement m = measured.get(scenario.name());
      if (m == null) continue;
      Measurement base = scenario.baseline() == null ? null : measured.get(scenario.baseline());
      double ratio = ratio(scenario, m, base);
      if (!Double.isNaN(ratio)) m = m.withRatio(ratio);
      String missed = scenario.goals().missedBy(m);
      if (missed != null) {
        m = m.failedGoal(missed);
        log.printf("  %-28s goal missed: %s%n", scenario.name(), missed);
      }
      measured.put(scenario.name(), m);
    }
    return measured;
  }

  /** Throughput over the baseline's, or p99 over the baseline's for a row with a p99 ratio goal; NaN without one. */
  static double ratio(Scenario s, Measurement m, Measurement base) {
    if (base == null) return Double.NaN;
    double of = s.p99Ratio() ? m.p99() : m.throughput();
    double over = s.p99Ratio() ? base.p99() : base.throughput();
    return over > 0 ? Math.round(of / over * 100) / 100.0 : Double.NaN;
  }

  /** Runs a tap scenario with the observer in the state it asks for, counting what the tap sent and dropped. */
  private Measurement runTapped(Scenario s) throws IOException {
    tap.ensure(s.observer());
    TapStack.TapCounts before = tap.counts();
    Measurement m = run(s);
    return m.withTap(tap.counts().since(before));
  }

  /**
   * Kills one app server of the cluster {@code killAfter} into the measured phase, without a word
   * (SIGKILL); the clients then measure how long until each receives again. The server is started
   * again afterwards and the proxies linked to it again, for the rows and runs that follow.
   */
  private Measurement runFailover(Scenario s) throws IOException {
    ServerProcess victim = cluster.victim();
    long[] leases = {-1};
    AtomicReference<String> killFailed = new AtomicReference<>();
    Thread[] killer = new Thread[1];
    LoadTestResult[] result = new LoadTestResult[1];
    Measurement m = run(s, test -> {
      killer[0] = new Thread(() -> {
        try {
          Thread.sleep(s.killAfter().toMillis());
          leases[0] = cluster.leasesOwned(victim);
          victim.kill();
          // Marked once it is gone: a message sent after this cannot have passed through it.
          test.disrupted();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          killFailed.set(e.getMessage());
        }
      }, "bench-killer");
      killer[0].setDaemon(true);
      killer[0].start();
    }, result);
    try {
      if (killer[0] != null) killer[0].join(s.killAfter().toMillis() + 15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cluster.restoreVictim(BenchCommand.STARTUP);
    LoadTestResult r = result[0];
    Measurement.Failover failover = new Measurement.Failover(victim.name(), leases[0],
        r == null ? null : r.resumption(), r == null ? 0 : r.failedSends());
    boolean passed = r != null && r.received() > 0 && r.connectFailures() == 0 && r.dropped() == 0
        && r.misdelivered() == 0 && r.missed() == 0 && killFailed.get() == null;
    // Errors are how a send during the gap fails back to its sender: they do not fail this row,
    // messages silently lost (missed), connections dropped and clients that never resume do.
    String why = killFailed.get() != null ? "could not kill " + victim.name() + ": " + killFailed.get()
        : passed ? null : m.firstError();
    return new Measurement(m.throughput(), m.p50(), m.p99(), m.missedPercent(), m.connectFailures(), m.errors(),
        m.loadTesterMicrosPerMessage(), m.loadTesterBytesPerMessage(), m.servers(), m.ratio(), passed, m.tap(),
        m.heapKbPerClient(), why, failover, m.p99WholeTest(), m.longestGap());
  }

  static String failoverText(Measurement.Failover f) {
    StringBuilder text = new StringBuilder(f.killed()).append(" killed");
    if (f.leasesHeld() >= 0) text.append(" (owned ").append(f.leasesHeld()).append(" shared VMs)");
    Resumption.Summary r = f.resumption();
    if (r == null) return text.append(", never marked").toString();
    text.append(String.format(java.util.Locale.ROOT, ", every client receiving again after %.1f s (median %.1f s)",
        r.everyClientMillis() / 1000, r.medianMillis() / 1000));
    if (r.never() > 0) text.append(", ").append(r.never()).append(" of ").append(r.clients()).append(" never");
    return text.append(", ").append(f.failedSends()).append(" sends failed back").toString();
  }

  static String tapText(TapStack.TapCounts counts) {
    StringBuilder text = new StringBuilder("tap sent ").append(counts.sent()).append(" dropped ").append(counts.droppedTotal());
    if (!counts.dropped().isEmpty()) text.append(' ').append(counts.dropped());
    return text.toString();
  }

  private Measurement run(Scenario s) {
    return run(s, test -> { }, new LoadTestResult[1]);
  }

  /**
   * {@code atRunStart} is called with the load test as its measured phase starts (after the servers'
   * figures are sampled); {@code result} receives the load test's own result, when it ran.
   */
  private Measurement run(Scenario s, Consumer<LoadTest> atRunStart, LoadTestResult[] result) {
    LoadTestSettings settings = new LoadTestSettings(urls.get(s.target()), s.profile(), s.clients(), s.run(),
        s.rampUp(), s.rampDown(), s.intervalMillis(), s.groups(), "json", List.of(), 0, false, s.transport());
    ServerSampler sampled = new ServerSampler(servers);
    // Heap per client: the target's heap after a full GC without the clients, then with all of them.
    ServerProcess heapTarget = s.heapPerClient() ? server(s.target()) : null;
    double[] heap = {heapTarget == null ? Double.NaN : ServerProbe.heapAfterGc(heapTarget, null), Double.NaN};
    LoadTest[] test = new LoadTest[1];
    LoadTest.PhaseListener sampler = new LoadTest.PhaseListener() {
      @Override
      public void runStarted() {
        if (heapTarget != null) heap[1] = ServerProbe.heapAfterGc(heapTarget, null);
        sampled.runStarted();
        atRunStart.accept(test[0]);
      }

      @Override
      public void runEnded() {
        sampled.runEnded();
      }
    };
    LoadTestResult r;
    try {
      test[0] = new LoadTest(settings, log, sampler);
      r = test[0].run();
      result[0] = r;
    } catch (RuntimeException e) {
      log.println(" could not run: " + e.getMessage());
      return new Measurement(0, 0, 0, 0, s.clients(), 1, 0, 0, sampled.figures(0), Double.NaN, false, null, Double.NaN,
          e.getMessage());
    }
    pause();
    return new Measurement(r.throughputPerSecond(), r.runLatency().p50(), r.runLatency().p99(), r.missedPercent(),
        r.connectFailures(), r.errors() + r.dropped() + r.misdelivered(), r.cpuMicrosPerMessage(),
        r.allocatedBytesPerMessage(), sampled.figures(r.throughputPerSecond()), Double.NaN, r.passed(), null,
        heapKbPerClient(heap[0], heap[1], r.clients()), r.firstError(), null, r.latency().p99(),
        r.longestGapMillis() > 0 ? r.longestGapMillis() : Double.NaN);
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
