package io.hubscope.loadtest.run;

import io.hubscope.loadtest.metrics.Percentiles;
import io.hubscope.loadtest.metrics.RunStats;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The live line: phase, connected clients, messages per second and the last second's p99. On a
 * terminal it rewrites itself; in a pipe or a log it prints a line every five seconds.
 */
final class ProgressLine {

  private final RunStats stats;
  private final PrintStream out;
  private final boolean terminal = System.console() != null;
  private long lastReceived;
  private long lastNanos = System.nanoTime();
  private int ticks;

  ProgressLine(RunStats stats, PrintStream out) {
    this.stats = stats;
    this.out = out;
  }

  void print(String phase, long elapsedSeconds, long totalSeconds) {
    long now = System.nanoTime();
    long received = stats.receivedCount();
    double perSecond = (received - lastReceived) / ((now - lastNanos) / 1e9);
    lastReceived = received;
    lastNanos = now;
    Percentiles last = Percentiles.of(stats.latency().takeInterval());
    String line = String.format(Locale.ROOT, "[%-9s %3d/%ds] connected=%d msgs/s=%.0f p99=%.2fms errors=%d",
        phase, elapsedSeconds, totalSeconds, stats.connectedNow(), perSecond, last.p99(),
        stats.errorCount() + stats.connectFailureCount() + stats.droppedCount());
    if (terminal) {
      out.print("\r" + line + "   ");
      out.flush();
    } else if (ticks++ % 5 == 0) {
      out.println(line);
    }
  }

  void end() {
    if (terminal) out.println();
  }
}
