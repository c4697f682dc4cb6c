package io.hubscope.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status} (Linux). CPU is user + system time of all its threads.
 */
public record ProcStats(long cpuNanos, long rssBytes) {

  /** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux this runs on (USER_HZ). */
  private static final long TICKS_PER_SECOND = 100;

  public static final ProcStats UNKNOWN = new ProcStats(-1, -1);

  public static ProcStats of(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may contain spaces; the fields after its closing ')' don't.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
      long rss = -1;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return new ProcStats(ticks * (1_000_000_000L / TICKS_PER_SECOND), rss);
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
  }

  /** CPU used between {@code earlier} and this sample over {@code seconds}, as a percentage of one core. */
  public double cpuPercentSince(ProcStats earlier, double seconds) {
    if (cpuNanos < 0 || earlier.cpuNanos < 0 || seconds <= 0) return -1;
    return Math.round((cpuNanos - earlier.cpuNanos) / (seconds * 1e9) * 1000) / 10.0;
  }
}
