package io.hubscope.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Steady load from the load tester's own jar as separate JVMs, as a user runs it: each process
 * holds one socket per client and a process may open at most {@code ulimit -n} files, so the
 * clients are split into processes of at most {@link #MAX_CLIENTS_PER_PROCESS}, each on one proxy.
 */
final class LoadProcesses implements AutoCloseable {

  static final int MAX_CLIENTS_PER_PROCESS = 10_000;
  static final Path JAR = DemoStack.ROOT.resolve("load-tester/target/load-tester.jar");

  private final List<Process> processes = new ArrayList<>();

  /**
   * Starts {@code clients} echo clients spread over {@code proxyHubs}, connecting over
   * {@code rampUpSeconds} and staying for {@code runSeconds}; output goes to {@code logs}.
   */
  LoadProcesses(List<String> proxyHubs, int clients, int intervalMillis, int rampUpSeconds, int runSeconds, Path logs)
      throws IOException {
    int count = Math.max(proxyHubs.size(), ceilDiv(clients, MAX_CLIENTS_PER_PROCESS));
    count = ceilDiv(count, proxyHubs.size()) * proxyHubs.size();
    for (int i = 0; i < count; i++) {
      int share = clients / count + (i < clients % count ? 1 : 0);
      String heap = "-Xmx" + Math.max(256, share / 8) + "m";
      ProcessBuilder pb = new ProcessBuilder("java", heap, "-XX:+UseParallelGC", "-jar", JAR.toString(),
          "-s", proxyHubs.get(i % proxyHubs.size()), "-p", "echo", "-c", "" + share, "-i", "" + intervalMillis,
          "-u", "" + rampUpSeconds, "-r", "" + runSeconds, "-d", "5", "--max-missed", "100")
          .redirectErrorStream(true).redirectOutput(logs.resolve("load-" + (i + 1) + ".log").toFile());
      processes.add(pb.start());
    }
  }

  /** Whether every process is still running (a dead one means the figures lack its load). */
  boolean allAlive() {
    return processes.stream().allMatch(Process::isAlive);
  }

  int size() {
    return processes.size();
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) p.destroy();
    for (Process p : processes) {
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
