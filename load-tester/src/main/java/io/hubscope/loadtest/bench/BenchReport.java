package io.hubscope.loadtest.bench;

import io.hubscope.loadtest.bench.Measurement.ServerFigures;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Medians over the runs, the one table bin/bench prints, and {@code results.json}. */
final class BenchReport {

  private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final List<Scenario> scenarios;
  private final List<Map<String, Measurement>> runs;

  BenchReport(List<Scenario> scenarios, List<Map<String, Measurement>> runs) {
    this.scenarios = scenarios;
    this.runs = runs;
  }

  /** The median of one figure of one scenario over the runs (NaN when it never ran). */
  double median(String scenario, ToDoubleFunction<Measurement> figure) {
    return median(runs.stream().map(r -> r.get(scenario)).filter(m -> m != null).mapToDouble(figure));
  }

  /** The median of the values that are numbers (NaN when there are none). */
  static double median(java.util.stream.DoubleStream figures) {
    double[] values = figures.filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (values.length == 0) return Double.NaN;
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  void printTable(PrintStream out, Map<String, String> serverShortNames) {
    String header = String.format(Locale.ROOT, "%-28s %7s %10s %7s %7s %8s %8s %7s %6s %6s  %s", "scenario", "clients",
        "msgs/s", "srv us", "srv B", "p50 ms", "p99 ms", "missed", "ratio", "LT us", "server CPU% / RSS MB (run phase)");
    out.println(header);
    out.println("-".repeat(header.length() + 20));
    for (Scenario s : scenarios) {
      if (s.skipReason() != null) {
        out.printf(Locale.ROOT, "%-28s %7d  %s%n", s.name(), s.clients(), s.skipReason());
        continue;
      }
      String n = s.name();
      long failed = runs.stream().map(r -> r.get(n)).filter(m -> m != null && !m.passed()).count();
      double serverMicros = median(n, m -> serversTotal(m, s, ServerFigures::cpuMicrosPerMessage));
      double serverBytes = median(n, m -> serversTotal(m, s, ServerFigures::bytesPerMessage));
      out.printf(Locale.ROOT, "%-28s %7d %10.0f %7s %7s %8.2f %8.2f %6.2f%% %6s %6.1f  %s%s%s%n", n, s.clients(),
          median(n, Measurement::throughput), blankIfNaN("%.1f", serverMicros), blankIfNaN("%.0f", serverBytes),
          median(n, Measurement::p50), median(n, Measurement::p99),
          median(n, Measurement::missedPercent), ratio(median(n, Measurement::ratio)),
          median(n, Measurement::loadTesterMicrosPerMessage), servers(n, s, serverShortNames), extras(n),
          failed > 0 ? "  [" + failed + " run(s) FAILED: up to " + worst(n, Measurement::connectFailures)
              + " connect failures, " + worst(n, Measurement::errors) + " errors; " + firstFailure(n) + "]" : "");
    }
    out.println("p50 / p99: latency over the run phase (every client connected; msgs/s is of the same phase), the "
        + "whole test's p99 (ramp-up included) is in results.json; "
        + "ratio: msgs/s over the baseline's in the same run (hub vs raw, proxy vs hub, tapped proxy vs "
        + "proxy), for 'broadcast cluster' p99 over the one-app-server row's p99 (goal <= 1.2); figures are medians of "
        + runs.size() + " run(s); srv us / srv B = CPU microseconds / heap bytes allocated per message by the row's "
        + "servers together; LT us = load-tester CPU per message; "
        + "tap: events the tap sent to the observer and dropped (per run, median); cluster: 2 proxies x 2 app servers "
        + "sharing a Redis; failover: an app server killed (SIGKILL) mid-run, the time until every client received "
        + "a message sent after the kill (goal < 5 s), sends that failed back to their sender (not missed).");
  }

  /**
   * The tap's sent and dropped events, or the heap per client, or the failover's figures, or the
   * longest gap a client saw between two messages (medians over the runs), or "".
   */
  private String extras(String scenario) {
    double every = median(scenario, m -> resumption(m, true));
    if (!Double.isNaN(every) || runs.stream().anyMatch(r -> r.get(scenario) != null && r.get(scenario).failover() != null)) {
      double never = median(scenario, m -> m.failover() == null || m.failover().resumption() == null ? Double.NaN
          : m.failover().resumption().never());
      return String.format(Locale.ROOT, "  failover: every client receiving again after %.1f s (median client %.1f s)%s, "
          + "%.0f sends failed back", every / 1000, median(scenario, m -> resumption(m, false)) / 1000,
          never > 0 ? String.format(Locale.ROOT, ", %.0f never", never) : "",
          median(scenario, m -> m.failover() == null ? Double.NaN : m.failover().failedSends()));
    }
    double heap = median(scenario, Measurement::heapKbPerClient);
    if (!Double.isNaN(heap)) return String.format(Locale.ROOT, "  heap: %.1f KB per idle client", heap);
    double sent = median(scenario, m -> m.tap() == null ? Double.NaN : m.tap().sent());
    if (Double.isNaN(sent)) {
      double gap = median(scenario, Measurement::longestGap);
      return Double.isNaN(gap) ? "" : String.format(Locale.ROOT, "  longest gap %.0f ms", gap);
    }
    double dropped = median(scenario, m -> m.tap().droppedTotal());
    Map<String, Long> causes = new java.util.TreeMap<>();
    runs.stream().map(r -> r.get(scenario)).filter(m -> m != null && m.tap() != null)
        .forEach(m -> m.tap().dropped().forEach((cause, n) -> causes.merge(cause, n, Long::sum)));
    return String.format(Locale.ROOT, "  tap: sent %.0f, dropped %.0f%s", sent, dropped,
        causes.isEmpty() ? "" : " " + causes.keySet());
  }

  private static Map<String, Double> goals(Scenario.Goals goals) {
    Map<String, Double> set = new LinkedHashMap<>();
    if (!Double.isNaN(goals.maxP99Millis())) set.put("maxP99Millis", goals.maxP99Millis());
    if (!Double.isNaN(goals.maxP99Ratio())) set.put("maxP99RatioToBaseline", goals.maxP99Ratio());
    if (!Double.isNaN(goals.maxResumeMillis())) set.put("maxEveryClientReceivingAgainMillis", goals.maxResumeMillis());
    return set;
  }

  private static double resumption(Measurement m, boolean everyClient) {
    if (m.failover() == null || m.failover().resumption() == null) return Double.NaN;
    return everyClient ? m.failover().resumption().everyClientMillis() : m.failover().resumption().medianMillis();
  }

  /** Why the first failed run of {@code scenario} failed. */
  private String firstFailure(String scenario) {
    return runs.stream().map(r -> r.get(scenario)).filter(m -> m != null && !m.passed()).map(Measurement::firstError)
        .filter(e -> e != null).findFirst().orElse("no error recorded");
  }

  private long worst(String scenario, java.util.function.ToLongFunction<Measurement> figure) {
    return runs.stream().map(r -> r.get(scenario)).filter(m -> m != null).mapToLong(figure).max().orElse(0);
  }

  private String servers(String scenario, Scenario s, Map<String, String> shortNames) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> e : shortNames.entrySet()) {
      if (!relevant(s, e.getKey())) continue;
      double cpu = median(scenario, m -> figure(m, e.getKey(), true));
      double rss = median(scenario, m -> figure(m, e.getKey(), false));
      if (!Double.isNaN(cpu) && cpu >= 0) parts.add(String.format(Locale.ROOT, "%s %.0f%%/%.0f", e.getValue(), cpu, rss));
    }
    return String.join(" ", parts);
  }

  private static boolean relevant(Scenario s, String server) {
    switch (s.target()) {
      case RAW:
        return server.equals("raw-echo");
      case APP:
        return server.equals("app-server");
      case ONE_PROXY:
        return server.equals("app-server") || server.equals("proxy-1");
      case TAPPED_PROXY:
        return server.equals("app-server") || server.equals("proxy-tap") || server.equals("observer");
      case CLUSTER:
        return server.startsWith("app-server-") || server.startsWith("proxy-c") || server.equals("redis");
      default:
        return server.equals("app-server") || server.equals("proxy-1") || server.equals("proxy-2");
    }
  }

  private static double figure(Measurement m, String server, boolean cpu) {
    ServerFigures f = m.servers().get(server);
    if (f == null) return Double.NaN;
    return cpu ? f.cpuPercent() : f.rssMb();
  }

  private static String ratio(double ratio) {
    return blankIfNaN("%.2f", ratio);
  }

  private static String blankIfNaN(String format, double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, format, value);
  }

  /**
   * One figure of the servers that serve a row, added up (the proxies' and the app server's CPU per
   * message, say); NaN when one of them could not be measured. Servers that were not running are left out.
   */
  static double serversTotal(Measurement m, Scenario s, ToDoubleFunction<ServerFigures> figure) {
    double total = 0;
    boolean any = false;
    for (Map.Entry<String, ServerFigures> e : m.servers().entrySet()) {
      if (!relevant(s, e.getKey())) continue;
      double value = figure.applyAsDouble(e.getValue());
      if (Double.isNaN(value)) return Double.NaN;
      total += value;
      any = true;
    }
    return any ? total : Double.NaN;
  }

  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }

  /** {@code sections}: the rows outside the scenario table (observerIngest, history), by name. */
  void writeJson(Path file, boolean quick, Map<String, Object> machine, Map<String, Object> sections) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mode", quick ? "quick" : "full");
    json.put("runs", runs.size());
    json.put("machine", machine);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Scenario s : scenarios) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", s.name());
      row.put("profile", s.profile().displayName());
      row.put("target", s.target().name().toLowerCase(Locale.ROOT));
      row.put("clients", s.clients());
      row.put("groups", s.groups());
      row.put("intervalMillis", s.intervalMillis());
      row.put("runSeconds", s.run().toSeconds());
      row.put("baseline", s.baseline());
      if (s.goals() != Scenario.Goals.NONE) row.put("goals", goals(s.goals()));
      if (s.skipReason() != null) {
        row.put("status", s.skipReason());
      } else {
        String n = s.name();
        row.put("status", "ran");
        Map<String, Object> median = new LinkedHashMap<>();
        median.put("throughputPerSecond", median(n, Measurement::throughput));
        median.put("p50Millis", median(n, Measurement::p50));
        median.put("p99Millis", median(n, Measurement::p99));
        median.put("p99WholeTestMillis", median(n, Measurement::p99WholeTest));
        median.put("missedPercent", median(n, Measurement::missedPercent));
        double ratio = median(n, Measurement::ratio);
        median.put("ratioToBaseline", Double.isNaN(ratio) ? null : ratio);
        median.put("serverCpuMicrosPerMessage", orNull(median(n, m -> serversTotal(m, s, ServerFigures::cpuMicrosPerMessage))));
        median.put("serverBytesPerMessage", orNull(median(n, m -> serversTotal(m, s, ServerFigures::bytesPerMessage))));
        median.put("loadTesterCpuMicrosPerMessage", median(n, Measurement::loadTesterMicrosPerMessage));
        median.put("loadTesterBytesPerMessage", median(n, Measurement::loadTesterBytesPerMessage));
        if (s.heapPerClient()) median.put("heapKbPerClient", median(n, Measurement::heapKbPerClient));
        double gap = median(n, Measurement::longestGap);
        if (!Double.isNaN(gap)) median.put("longestGapMillis", gap);
        if (s.killAfter() != null) {
          median.put("everyClientReceivingAgainMillis", median(n, m -> resumption(m, true)));
          median.put("medianClientReceivingAgainMillis", median(n, m -> resumption(m, false)));
          median.put("sendsFailedBack", median(n, m -> m.failover() == null ? Double.NaN : m.failover().failedSends()));
        }
        if (s.target() == Scenario.Target.TAPPED_PROXY) {
          median.put("tapSent", median(n, m -> m.tap() == null ? Double.NaN : m.tap().sent()));
          median.put("tapDropped", median(n, m -> m.tap() == null ? Double.NaN : m.tap().droppedTotal()));
        }
        row.put("median", median);
        row.put("perRun", Arrays.asList(runs.stream().map(r -> r.get(n)).toArray()));
      }
      rows.add(row);
    }
    json.put("scenarios", rows);
    json.putAll(sections);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, MAPPER.writeValueAsString(json));
  }
}
