package io.hubscope.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.tap.metrics.DropCause;
import io.hubscope.tap.metrics.TapMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Batching and the batch envelope, without a connection: the sender's loop is driven by hand. */
class TapSenderTests {

  static final NodeIdentity NODE = NodeIdentity.of("proxy", "p1", "127.0.0.1:8082");

  static final JsonMapper JSON = JsonMapper.builder().build();

  static TapSender sender(TapOptions options, TapQueue queue, Drops drops) {
    return sender(options, queue, drops, List::of);
  }

  static TapSender sender(TapOptions options, TapQueue queue, Drops drops, Supplier<List<TapEvent.Open>> open) {
    return new TapSender(options, queue, drops, open, JSON, new TapCommands(io.hubscope.tap.metrics.TapMetrics.NOOP));
  }

  /** {@code n} open connections as a browser behind a proxy makes them: about 400 bytes each. */
  static List<TapEvent.Open> browsers(int n) {
    String ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    List<TapEvent.Open> open = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      open.add(new TapEvent.Open(1_764_000_000_000L + i, "conn-" + i + "-k3J9xQ2mZ8", "203.0.113." + (i % 250), 40_000 + i % 20_000,
          ua, Map.of("user-agent", ua, "origin", "https://app.example", "accept-language", "en-GB,en;q=0.9"),
          "WebSockets", "json"));
    }
    return open;
  }

  static TapEvent.Close close(long ts) {
    return new TapEvent.Close(ts, "c", "normal", null);
  }

  @Test
  void batches_byCount() {
    TapOptions options = TapOptions.builder("http://127.0.0.1:1/observe", NODE).batchMaxEvents(5)
        .linger(Duration.ofSeconds(10)).build();
    TapQueue queue = new TapQueue(100, 1 << 20);
    for (int i = 0; i < 12; i++) queue.offer(close(System.currentTimeMillis()));
    TapSender sender = sender(options, queue, new Drops(TapMetrics.NOOP));
    long start = System.nanoTime();
    assertThat(sender.nextBatch(() -> true)).hasSize(5);
    assertThat(sender.nextBatch(() -> true)).hasSize(5);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void batches_byBytes() {
    int weight = close(0).weight();
    TapOptions options = TapOptions.builder("http://127.0.0.1:1/observe", NODE).batchMaxEvents(100)
        .batchMaxBytes(weight * 3L).linger(Duration.ofSeconds(10)).build();
    TapQueue queue = new TapQueue(100, 1 << 20);
    for (int i = 0; i < 7; i++) queue.offer(close(System.currentTimeMillis()));
    TapSender sender = sender(options, queue, new Drops(TapMetrics.NOOP));
    assertThat(sender.nextBatch(() -> true)).hasSize(3);
    assertThat(sender.nextBatch(() -> true)).hasSize(3);
  }

  @Test
  void batches_aLoneEventAfterTheLinger() {
    TapOptions options = TapOptions.builder("http://127.0.0.1:1/observe", NODE).batchMaxEvents(100)
        .linger(Duration.ofMillis(300)).build();
    TapQueue queue = new TapQueue(100, 1 << 20);
    long start = System.currentTimeMillis();
    queue.offer(close(start));
    List<TapEvent> batch = sender(options, queue, new Drops(TapMetrics.NOOP)).nextBatch(() -> true);
    long waited = System.currentTimeMillis() - start;
    assertThat(batch).hasSize(1);
    assertThat(waited).isBetween(280L, 2000L);
  }

  @Test
  void batchJson_carriesNodeSeqAndCumulativeDrops() {
    TapOptions options = TapOptions.builder("http://127.0.0.1:1/observe", NODE).build();
    Drops drops = new Drops(TapMetrics.NOOP);
    drops.record(DropCause.QUEUE_FULL, 2);
    drops.record(DropCause.OBSERVER_DOWN, 5);
    TapSender sender = sender(options, new TapQueue(10, 1000), drops);
    ObjectNode first = sender.toJson(List.of(close(7)));
    drops.record(DropCause.QUEUE_FULL, 1);
    ObjectNode second = sender.toJson(List.of());
    assertThat(first.at("/node/role").asString()).isEqualTo("proxy");
    assertThat(first.at("/node/id").asString()).startsWith("p1@127.0.0.1:8082");
    assertThat(first.path("seq").asLong()).isEqualTo(1);
    assertThat(second.path("seq").asLong()).isEqualTo(2);
    assertThat(first.at("/dropped/queue_full").asLong()).isEqualTo(2);
    assertThat(first.at("/dropped/observer_down").asLong()).isEqualTo(5);
    assertThat(first.at("/dropped/too_large").asLong()).isZero();
    assertThat(second.at("/dropped/queue_full").asLong()).isEqualTo(3);
    assertThat(first.at("/events/0/type").asString()).isEqualTo("close");
    assertThat(first.at("/events/0/ts").asLong()).isEqualTo(7);
  }

  @Test
  void resync_ofThirtyThousandConnections_goesInNumberedChunksEachWithinTheBatchLimits() {
    TapOptions options = TapOptions.builder("http://127.0.0.1:1/observe", NODE).build();
    List<TapEvent.Open> open = browsers(30_000);
    TapSender sender = sender(options, new TapQueue(10, 1000), new Drops(TapMetrics.NOOP), () -> open);

    List<TapEvent.Resync> chunks = sender.resyncChunks();

    assertThat(chunks).hasSizeGreaterThan(1);
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      ObjectNode batch = sender.toJson(List.of(chunks.get(i)));
      assertThat(JSON.writeValueAsBytes(batch).length).as("batch %d in bytes", i)
          .isLessThanOrEqualTo((int) options.batchMaxBytes());
      JsonNode chunk = batch.at("/events/0");
      assertThat(chunk.path("type").asString()).isEqualTo("resync");
      assertThat(chunk.path("part").asInt()).isEqualTo(i);
      assertThat(chunk.path("last").asBoolean()).isEqualTo(i == chunks.size() - 1);
      assertThat(chunk.path("id").asLong()).isEqualTo(1);
      assertThat(chunk.path("conns").size()).isBetween(1, options.batchMaxEvents());
      chunk.path("conns").forEach(c -> listed.add(c.path("conn").asString()));
    }
    assertThat(listed).as("every connection once, in order")
        .containsExactlyElementsOf(open.stream().map(TapEvent.Open::conn).toList());
    assertThat(sender.resyncChunks().get(0).id()).as("the next resync has a new id").isEqualTo(2);
  }

  @Test
  void resync_chunksByBytesWhenConnectionsAreLarge() {
    List<TapEvent.Open> open = browsers(10);
    long maxBytes = TapEvent.Resync.OVERHEAD + 3L * open.get(0).weight();

    List<TapEvent.Resync> chunks = TapEvent.Resync.chunks(0, 1, open, 500, maxBytes);

    assertThat(chunks).extracting(c -> c.conns().size()).containsExactly(3, 3, 3, 1);
    assertThat(chunks).allMatch(c -> c.weight() <= maxBytes);
    assertThat(chunks).extracting(TapEvent.Resync::last).containsExactly(false, false, false, true);
    assertThat(TapEvent.Resync.chunks(0, 1, open, 500, 10)).as("one too heavy for the limit still goes, alone")
        .hasSize(10);
  }

  @Test
  void resync_withNoOpenConnections_isOneLastChunk() {
    TapSender sender = sender(TapOptions.builder("http://127.0.0.1:1/observe", NODE).build(), new TapQueue(10, 1000),
        new Drops(TapMetrics.NOOP));

    List<TapEvent.Resync> chunks = sender.resyncChunks();

    assertThat(chunks).singleElement().satisfies(c -> {
      assertThat(c.conns()).isEmpty();
      assertThat(c.part()).isZero();
      assertThat(c.last()).isTrue();
    });
  }
}
