package io.hubscope.loadtest.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's observer rows: per run, a fresh observer JVM absorbs {@link IngestBench}'s load
 * with the dashboard's live streams open; the medians of its ingest rate and tracked-connection heap
 * are printed under the scenario table and written to results.json.
 */
final class ObserverIngest {

  static final String NAME = "observer ingest";
  static final int NODES = 2;
  static final int CONNECTIONS_PER_NODE = 10_000;

  private final Path observerJar;
  private final Path logDir;
  private final Duration duration;
  private final List<IngestBench.Figures> runs = new ArrayList<>();

  ObserverIngest(Path observerJar, Path logDir, boolean quick) {
    this.observerJar = observerJar;
    this.logDir = logDir;
    this.duration = Duration.ofSeconds(quick ? 5 : 15);
  }

  /** One run against a fresh observer, always stopped afterwards. */
  void runOnce(PrintStream log) throws IOException, InterruptedException {
    String secret = UUID.randomUUID().toString().replace("-", "");
    String password = secret.substring(0, 16);
    String token = secret.substring(16);
    log.printf("  %-28s ...", NAME);
    try (ServerProcess observer = ServerProcess.start("observer-ingest", observerJar, "--server.port=",
        List.of("--hubscope.observer.username=bench", "--spring.datasource.url=jdbc:h2:mem:ingest;DB_CLOSE_DELAY=-1"),
        Map.of("HUBSCOPE_OBSERVER_PASSWORD", password, "HUBSCOPE_OBSERVER_INGEST_TOKEN", token),
        logDir)) {
      observer.awaitReady("/actuator/health", Duration.ofSeconds(120));
      IngestBench.Figures f = new IngestBench(observer, token, "bench", password)
          .run(NODES, CONNECTIONS_PER_NODE, duration);
      runs.add(f);
      log.printf(Locale.ROOT, " %.0f events/s, heap %.0f MB with %d connections, rejected %d%n",
          f.eventsPerSecond(), f.heapMb(), f.trackedConnections(), f.rejected());
    }
  }

  void print(PrintStream out) {
    if (runs.isEmpty()) return;
    IngestBench.Figures last = runs.get(runs.size() - 1);
    out.printf(Locale.ROOT, "%nobserver ingest: %.0f events/s absorbed (median of %d; %d synthetic taps, batches of %d, "
            + "%d dashboard streams open), observer CPU %.0f%%, rejected %d%n",
        median(IngestBench.Figures::eventsPerSecond), runs.size(), NODES, IngestBench.EVENTS_PER_BATCH,
        last.liveSnapshots().size(), median(IngestBench.Figures::observerCpuPercent),
        runs.stream().mapToLong(IngestBench.Figures::rejected).sum());
    out.printf(Locale.ROOT, "observer heap: %.0f MB after a full GC with %d tracked connections and full payload rings "
            + "(%.0f MB before any), median%n",
        median(IngestBench.Figures::heapMb), last.trackedConnections(), median(IngestBench.Figures::heapMbEmpty));
    out.println("live snapshots received per stream in the last run: " + last.liveSnapshots());
  }

  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("taps", NODES);
    json.put("connections", NODES * CONNECTIONS_PER_NODE);
    json.put("eventsPerBatch", IngestBench.EVENTS_PER_BATCH);
    json.put("seconds", duration.toSeconds());
    json.put("medianEventsPerSecond", median(IngestBench.Figures::eventsPerSecond));
    json.put("medianHeapMb", median(IngestBench.Figures::heapMb));
    json.put("medianHeapMbEmpty", median(IngestBench.Figures::heapMbEmpty));
    json.put("perRun", runs);
    return json;
  }

  private double median(ToDoubleFunction<IngestBench.Figures> figure) {
    return BenchReport.median(runs.stream().mapToDouble(figure));
  }
}
