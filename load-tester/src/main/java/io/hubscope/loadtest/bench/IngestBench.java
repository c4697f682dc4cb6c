package io.hubscope.loadtest.bench;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * The observer's own capacity: synthetic taps (one per node, as real nodes have one sender each)
 * open 10,000 connections per node and then deliver message batches as fast as the observer
 * completes them, while the dashboard's live streams stay open. Measures events absorbed per second
 * (acknowledged by the observer, not merely written) and the heap after a full GC with every
 * connection tracked and its payload ring full.
 *
 * <p>The batches follow docs/tap-events.md. Each batch's events are serialized once and sent raw,
 * so the generator spends its CPU on the wire, not on building JSON.
 */
final class IngestBench {

  static final int EVENTS_PER_BATCH = 1_000;
  static final int IN_FLIGHT_PER_NODE = 4;
  private static final String PAYLOAD =
      "{\\\"Update\\\":{\\\"Symbol\\\":\\\"ACME\\\",\\\"Price\\\":123.45,\\\"Change\\\":-0.12,\\\"Volume\\\":1000000}}";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long STARTED_AT = System.currentTimeMillis();

  private final ServerProcess observer;
  private final String token;
  /** The last sequence number each synthetic node used, so its message batches continue it. */
  private final Map<String, Long> seqs = new ConcurrentHashMap<>();
  private final String authorization;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  IngestBench(ServerProcess observer, String token, String user, String password) {
    this.observer = observer;
    this.token = token;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** What one ingest run measured. */
  record Figures(double eventsPerSecond, long events, long rejected, long trackedConnections, double heapMb,
      double heapMbEmpty, double observerCpuPercent, Map<String, Long> liveSnapshots) {}

  /** Feeds {@code nodes × connectionsPerNode} connections, then messages for {@code duration}. */
  Figures run(int nodes, int connectionsPerNode, Duration duration) throws IOException, InterruptedException {
    double heapEmpty = heapAfterGcMb();
    List<HubClientConnection> taps = new ArrayList<>();
    try (LiveStreams streams = new LiveStreams(observer.baseUrl(), authorization, LiveStreams.DASHBOARD)) {
      for (int n = 0; n < nodes; n++) {
        taps.add(HubClient.builder(observer.baseUrl() + "/observe").accessToken(token)
            .maxMessageSize(8 << 20).build().connect().block(Duration.ofSeconds(30)));
      }
      AtomicLong rejected = new AtomicLong();
      Flux.range(0, nodes).flatMap(n -> opens(taps.get(n), "bench-" + n, connectionsPerNode, rejected)).blockLast();
      ProcStats before = observer.stats();
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      Long events = Flux.range(0, nodes)
          .flatMap(n -> messages(taps.get(n), "bench-" + n, connectionsPerNode, deadline, rejected))
          .reduce(0L, Long::sum).block();
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = observer.stats().cpuPercentSince(before, seconds);
      long tracked = activeConnections();
      Map<String, Long> snapshots = streams.snapshots();
      return new Figures(events / seconds, events, rejected.get(), tracked, heapAfterGcMb(), heapEmpty, cpu, snapshots);
    } finally {
      for (HubClientConnection tap : taps) {
        if (tap != null) tap.close().block(Duration.ofSeconds(10));
      }
    }
  }

  /** One node's open events, in batches; completes when the observer has acknowledged them all. */
  private Mono<Long> opens(HubClientConnection tap, String node, int connections, AtomicLong rejected) {
    long[] seq = {0};
    List<RawValue> batches = new ArrayList<>();
    StringBuilder events = new StringBuilder("[");
    long ts = System.currentTimeMillis();
    for (int c = 0; c < connections; c++) {
      if (events.length() > 1) events.append(',');
      events.append("{\"type\":\"open\",\"ts\":").append(ts).append(",\"conn\":\"").append(node).append("-c").append(c)
          .append("\",\"ip\":\"10.").append(c >> 16 & 255).append('.').append(c >> 8 & 255).append('.').append(c & 255)
          .append("\",\"port\":50000,\"ua\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0\",")
          .append("\"headers\":{\"user-agent\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0\"},")
          .append("\"transport\":\"WebSockets\",\"protocol\":\"json\"}");
      if ((c + 1) % EVENTS_PER_BATCH == 0 || c == connections - 1) {
        batches.add(new RawValue(events.append(']').toString()));
        events.setLength(0);
        events.append('[');
      }
    }
    return Flux.fromIterable(batches)
        .concatMap(raw -> observe(tap, node, ++seq[0], raw, rejected))
        .reduce(0L, Long::sum)
        .doOnSuccess(n -> seqs.put(node, seq[0]));
  }

  /** One node's message batches until {@code deadline}, {@link #IN_FLIGHT_PER_NODE} at a time; returns events acknowledged. */
  private Mono<Long> messages(HubClientConnection tap, String node, int connections, long deadline, AtomicLong rejected) {
    List<RawValue> batches = new ArrayList<>();
    for (int b = 0; b < 16; b++) batches.add(messageBatch(node, connections, b));
    long[] seq = {seqs.getOrDefault(node, 0L)};
    return Flux.<Integer, Integer>generate(() -> 0, (i, sink) -> {
          if (System.nanoTime() >= deadline) sink.complete(); else sink.next(i);
          return i + 1;
        })
        .flatMap(i -> observe(tap, node, ++seq[0], batches.get(i % batches.size()), rejected), IN_FLIGHT_PER_NODE)
        .reduce(0L, Long::sum);
  }

  private RawValue messageBatch(String node, int connections, int variant) {
    StringBuilder events = new StringBuilder("[");
    long ts = System.currentTimeMillis();
    for (int e = 0; e < EVENTS_PER_BATCH; e++) {
      if (e > 0) events.append(',');
      events.append("{\"type\":\"msg\",\"ts\":").append(ts);
      if (e % 100 == 0) {
        events.append(",\"dir\":\"out\",\"call\":\"Response_VM\",\"vm\":\"StockTicker\",\"recipients\":180");
      } else {
        int conn = (variant * EVENTS_PER_BATCH + e * 7) % connections;
        events.append(",\"conn\":\"").append(node).append("-c").append(conn).append("\",\"dir\":\"")
            .append(e % 2 == 0 ? "in\",\"call\":\"Update_VM\"" : "out\",\"call\":\"Response_VM\"")
            .append(",\"vm\":\"StockTicker\"");
      }
      events.append(",\"size\":").append(PAYLOAD.length()).append(",\"payload\":\"").append(PAYLOAD).append("\"}");
    }
    return new RawValue(events.append(']').toString());
  }

  /** Invokes Observe with one batch; the result is the number of events the observer took (accepted or rejected). */
  private Mono<Long> observe(HubClientConnection tap, String node, long seq, RawValue events, AtomicLong rejected) {
    ObjectNode batch = JsonNodeFactory.instance.objectNode();
    ObjectNode id = batch.putObject("node");
    id.put("id", node + "@bench").put("role", "proxy").put("name", node).put("address", "127.0.0.1:0")
        .put("startedAt", STARTED_AT);
    batch.put("seq", seq).put("sentAt", System.currentTimeMillis());
    batch.putRawValue("events", events);
    return tap.invoke("Observe", batch).map(result -> {
      rejected.addAndGet(result.path("rejected").asLong(0));
      return result.path("accepted").asLong(0) + result.path("rejected").asLong(0);
    });
  }

  private long activeConnections() {
    JsonNode summary = JSON.readTree(get("/api/v1/summary"));
    return summary.path("activeConnections").asLong(-1);
  }

  private double heapAfterGcMb() {
    double bytes = ServerProbe.heapAfterGc(observer, authorization);
    return Math.round(bytes / 1048576.0 * 10) / 10.0;
  }

  private String get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(observer.baseUrl() + path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", authorization).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) throw new IllegalStateException(path + " answered " + response.statusCode());
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading " + path);
    }
  }
}
