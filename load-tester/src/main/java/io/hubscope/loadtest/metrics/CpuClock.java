package io.hubscope.loadtest.metrics;

import java.lang.management.ManagementFactory;

/** CPU time used by this JVM process (all threads, user + system), to price each message. */
public final class CpuClock {

  private CpuClock() {}

  /** Process CPU time in nanoseconds, or -1 when the JVM cannot tell. */
  public static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
