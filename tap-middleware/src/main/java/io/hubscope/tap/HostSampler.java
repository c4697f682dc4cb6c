package io.hubscope.tap;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Samples this host and process for the {@code host} event: CPU load between two samples (system
 * and this process, both 0..1 of all cores), physical memory, this process's resident set size
 * and its JVM heap. The process figures come first for an operator: the host's memory is shared
 * with whatever else runs there, the RSS and the heap are what this node costs. Called on the
 * tap's host thread once per interval; OSHI reads /proc (or the platform's equivalent), which may
 * block, so it must never run on an event loop.
 */
final class HostSampler {

  private static final Logger LOG = LoggerFactory.getLogger(HostSampler.class);

  /** What the tap adds about itself: open connections, its queue and the node's links. */
  interface TapState {
    int connections();
    int queueDepth();
    long queueBytes();

    /** The nodes linked to this one; null when the node does not report links. */
    default List<NodeLink> links() {
      return null;
    }
  }

  private final TapState state;
  private final MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
  private CentralProcessor cpu;
  private GlobalMemory memory;
  private OperatingSystem os;
  private long[] cpuTicks;
  private OSProcess process;
  private boolean oshiFailed;

  HostSampler(TapState state) {
    this.state = state;
  }

  void sample(Consumer<TapEvent> sink) {
    double cpuSystem = 0;
    double cpuProcess = 0;
    long memUsed = 0;
    long memTotal = 0;
    long rss = 0;
    if (init()) {
      try {
        long[] ticks = cpu.getSystemCpuLoadTicks();
        cpuSystem = clamp(cpu.getSystemCpuLoadBetweenTicks(cpuTicks));
        cpuTicks = ticks;
        OSProcess now = os.getCurrentProcess();
        // OSHI gives the share of one core; the contract wants the share of the whole host.
        cpuProcess = clamp(now.getProcessCpuLoadBetweenTicks(process) / cpu.getLogicalProcessorCount());
        process = now;
        rss = Math.max(0, now.getResidentMemory());
        memTotal = memory.getTotal();
        memUsed = memTotal - memory.getAvailable();
      } catch (RuntimeException e) {
        LOG.debug("tap: host sample failed", e);
      }
    }
    MemoryUsage h = heap.getHeapMemoryUsage();
    sink.accept(new TapEvent.Host(System.currentTimeMillis(), cpuSystem, cpuProcess, memUsed, memTotal,
        rss, h.getUsed(), h.getMax(), state.connections(), state.queueDepth(), state.queueBytes(), links()));
  }

  /** The node's links, at most {@link TapOptions#MAX_LINKS}; null when it reports none or they fail. */
  private List<NodeLink> links() {
    try {
      List<NodeLink> links = state.links();
      if (links == null) return null;
      return List.copyOf(links.size() > TapOptions.MAX_LINKS ? links.subList(0, TapOptions.MAX_LINKS) : links);
    } catch (RuntimeException e) {
      // Left out rather than sent empty: an empty list would tell the observer there are no links.
      LOG.debug("tap: links unavailable", e);
      return null;
    }
  }

  private boolean init() {
    if (cpu != null) return true;
    if (oshiFailed) return false;
    try {
      SystemInfo info = new SystemInfo();
      cpu = info.getHardware().getProcessor();
      memory = info.getHardware().getMemory();
      os = info.getOperatingSystem();
      cpuTicks = cpu.getSystemCpuLoadTicks();
      process = os.getCurrentProcess();
      return true;
    } catch (RuntimeException | LinkageError e) {
      // A platform OSHI does not support: still report the heap and the tap's own figures (no RSS).
      oshiFailed = true;
      cpu = null;
      LOG.warn("tap: host CPU and memory unavailable on this platform: {}", e.toString());
      return false;
    }
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }
}
