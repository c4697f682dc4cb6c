package io.hubscope.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.tap.metrics.TapMetrics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Batching and the batch envelope, without a connection: the sender's loop is driven by hand. */
class TapSenderTests {

  static final NodeIdentity NODE = NodeIdentity.of("proxy", "p1", "127.0.0.1:8082");

  static TapSender sender(TapOptions options, TapQueue queue, Drops drops) {
    return new TapSender(options, queue, drops, List::of, JsonMapper.builder().build());
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
}
