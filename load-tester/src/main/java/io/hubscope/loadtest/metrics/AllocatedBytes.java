package io.hubscope.loadtest.metrics;

import java.lang.management.ManagementFactory;

/** Heap bytes this JVM has allocated since it started (all threads, live and ended), to price each message. */
public final class AllocatedBytes {

  private AllocatedBytes() {}

  /** The running total, or -1 when the JVM cannot tell. */
  public static long total() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
      return threads.getTotalThreadAllocatedBytes();
    }
    return -1;
  }
}
