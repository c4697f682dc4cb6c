package io.hubscope.loadtest.bench;

import io.hubscope.loadtest.run.LoadTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples every running server when a load test's measured phase starts and ends: CPU time and RSS
 * from /proc, heap bytes allocated from its Prometheus endpoint. The per-message figures are each
 * server's rate over its own sampling window divided by the clients' message rate, so the time the
 * samples themselves take (an HTTP request per server) does not count as load.
 */
final class ServerSampler implements LoadTest.PhaseListener {

  /** One server at one moment; {@code allocated} is NaN when it could not be read (or the server was frozen). */
  private record Sample(long nanos, ProcStats proc, double allocated, long allocatedNanos, boolean frozen) {}

  private final List<ServerProcess> servers;
  private final Map<ServerProcess, Sample> before = new LinkedHashMap<>();
  private final Map<ServerProcess, Sample> after = new LinkedHashMap<>();

  ServerSampler(List<ServerProcess> servers) {
    this.servers = servers;
  }

  @Override
  public void runStarted() {
    before.putAll(sample(servers.stream().filter(ServerProcess::isAlive).toList()));
  }

  @Override
  public void runEnded() {
    after.putAll(sample(List.copyOf(before.keySet())));
  }

  /** /proc first for all (microseconds each), then the HTTP requests, so the CPU windows line up closely. */
  private static Map<ServerProcess, Sample> sample(List<ServerProcess> servers) {
    long[] procNanos = new long[servers.size()];
    ProcStats[] proc = new ProcStats[servers.size()];
    for (int i = 0; i < servers.size(); i++) {
      procNanos[i] = System.nanoTime();
      proc[i] = servers.get(i).stats();
    }
    Map<ServerProcess, Sample> samples = new LinkedHashMap<>();
    for (int i = 0; i < servers.size(); i++) {
      ServerProcess server = servers.get(i);
      boolean frozen = server.isFrozen();
      long sent = System.nanoTime();
      double allocated = frozen ? Double.NaN : ServerProbe.allocatedBytes(server);
      samples.put(server, new Sample(procNanos[i], proc[i], allocated, (sent + System.nanoTime()) / 2, frozen));
    }
    return samples;
  }

  /** Each server sampled at both ends, by name, with per-message figures at {@code messagesPerSecond}. */
  Map<String, Measurement.ServerFigures> figures(double messagesPerSecond) {
    Map<String, Measurement.ServerFigures> figures = new LinkedHashMap<>();
    before.forEach((server, start) -> {
      Sample end = after.get(server);
      if (end == null) return;
      double seconds = (end.nanos() - start.nanos()) / 1e9;
      double cpuPercent = end.proc().cpuPercentSince(start.proc(), seconds);
      double rssMb = end.proc().rssBytes() < 0 ? -1 : Math.round(end.proc().rssBytes() / 1048576.0 * 10) / 10.0;
      double cpuMicros = Double.NaN;
      if (start.proc().cpuNanos() >= 0 && end.proc().cpuNanos() >= 0 && seconds > 0 && messagesPerSecond > 0) {
        cpuMicros = (end.proc().cpuNanos() - start.proc().cpuNanos()) / 1e3 / seconds / messagesPerSecond;
      }
      double bytes = Double.NaN;
      if (start.frozen() && end.frozen()) {
        bytes = 0; // a stopped process allocates nothing
      } else if (messagesPerSecond > 0 && end.allocatedNanos() > start.allocatedNanos()) {
        bytes = (end.allocated() - start.allocated()) / ((end.allocatedNanos() - start.allocatedNanos()) / 1e9)
            / messagesPerSecond;
      }
      figures.put(server.name(), new Measurement.ServerFigures(cpuPercent, rssMb, round(cpuMicros, 100), round(bytes, 1)));
    });
    return figures;
  }

  private static double round(double value, double scale) {
    return Double.isNaN(value) ? value : Math.round(value * scale) / scale;
  }
}
