package io.hubscope.loadtest.cli;

import io.hubscope.loadtest.metrics.Percentiles;
import io.hubscope.loadtest.run.LoadTestResult;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Prints a result: first the seed article's summary line for the profile, character for character,
 * so results compare with the published ones; then the percentiles and everything that went wrong.
 */
public final class SummaryPrinter {

  private SummaryPrinter() {}

  public static void print(LoadTestResult r, PrintStream out) {
    out.println(seedLine(r));
    String kind = r.profile().endsWith("echo") ? "round trip" : "delivery";
    latencyLine(out, kind + ", whole test", r.latency());
    latencyLine(out, kind + ", run phase", r.runLatency());
    out.printf(Locale.ROOT, "Throughput=%s msgs/s (run phase), Connect failures=%d, Errors=%d, Dropped=%d%s%n",
        num(r.throughputPerSecond()), r.connectFailures(), r.errors(), r.dropped(),
        r.misdelivered() > 0 || r.profile().endsWith("echo") ? ", Misdelivered=" + r.misdelivered() : "");
    out.printf(Locale.ROOT, "Load tester CPU=%s us/message (goal < 10), Allocated=%.0f bytes/message, Elapsed=%ss%n",
        num(r.cpuMicrosPerMessage()), r.allocatedBytesPerMessage(), num(r.elapsedSeconds()));
    if (r.longestGapMillis() > 0) {
      out.printf(Locale.ROOT, "Longest time a client went without a message (run phase)=%s ms%n", num(r.longestGapMillis()));
    }
    if (r.firstError() != null) out.println("First error: " + r.firstError());
    out.println(r.passed() ? "PASSED" : "FAILED" + failureReason(r));
  }

  private static void latencyLine(PrintStream out, String what, Percentiles p) {
    out.printf(Locale.ROOT, "Latency ms (%s): p50=%s, p90=%s, p99=%s, p99.9=%s, max=%s (%d samples)%n",
        what, num(p.p50()), num(p.p90()), num(p.p99()), num(p.p999()), num(p.max()), p.count());
  }

  /** The seed's line: broadcast reports intervals, echo and chat room latencies. */
  static String seedLine(LoadTestResult r) {
    switch (r.profile()) {
      case "broadcast":
        return "Clients=" + r.clients() + ", Received=" + r.received() + ", Missed=" + num(r.missedPercent())
            + "%, Min interval=" + num(r.minAverage()) + ", Max interval=" + num(r.maxAverage())
            + ", Avg interval: " + num(r.meanAverage());
      case "chatroom":
        return "Clients=" + r.clients() + ", Min latency=" + num(r.minAverage()) + ", Max latency="
            + num(r.maxAverage()) + ", Avg Latency=" + num(r.meanAverage()) + ", Received=" + r.received()
            + ", Missed=" + num(r.missedPercent()) + "%";
      default:
        return "Clients=" + r.clients() + ", Received=" + r.received() + ", Missed=" + num(r.missedPercent())
            + "%, Min latency=" + num(r.minAverage()) + ", Max latency=" + num(r.maxAverage())
            + ", Avg latency: " + num(r.meanAverage());
    }
  }

  private static String failureReason(LoadTestResult r) {
    StringBuilder why = new StringBuilder();
    if (r.received() == 0) why.append(", nothing received");
    if (r.connectFailures() > 0) why.append(", ").append(r.connectFailures()).append(" connect failures");
    if (r.errors() > 0) why.append(", ").append(r.errors()).append(" errors");
    if (r.dropped() > 0) why.append(", ").append(r.dropped()).append(" connections dropped");
    if (r.misdelivered() > 0) why.append(", ").append(r.misdelivered()).append(" misdelivered");
    if (r.missed() > 0) why.append(", ").append(r.missed()).append(" missed");
    return why.length() == 0 ? "" : ":" + why.substring(1);
  }

  /** Like the seed's C# output: two decimals at most, no trailing zeros (3034.29, 0, 3003.3). */
  static String num(double value) {
    return BigDecimal.valueOf(Math.round(value * 100) / 100.0).stripTrailingZeros().toPlainString();
  }
}
