package io.hubscope.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.tap.metrics.DropCause;
import io.hubscope.tap.metrics.InMemoryTapMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TapTests {

  static final NodeIdentity NODE = NodeIdentity.of("app", "a1", "127.0.0.1:8081");

  @Test
  void tap_dropsAnEventBiggerThanABatch_asTooLarge() {
    InMemoryTapMetrics metrics = new InMemoryTapMetrics();
    try (Tap tap = new Tap(TapOptions.builder("http://127.0.0.1:1/observe", NODE).batchMaxBytes(1000)
        .hostInterval(Duration.ofHours(1)).metrics(metrics).build())) {
      tap.offer(new TapEvent.Close(1, "c", "normal", "x".repeat(2000)));
      assertThat(tap.dropped(DropCause.TOO_LARGE)).isEqualTo(1);
      assertThat(metrics.dropped(DropCause.TOO_LARGE)).isEqualTo(1);
    }
  }

  @Test
  void tap_withoutObserver_dropsAndCountsAsObserverDown() {
    InMemoryTapMetrics metrics = new InMemoryTapMetrics();
    try (Tap tap = new Tap(TapOptions.builder("http://127.0.0.1:1/observe", NODE)
        .hostInterval(Duration.ofHours(1)).metrics(metrics).build())) {
      tap.offer(new TapEvent.Close(1, "c", "normal", null));
      tap.offer(new TapEvent.Close(1, "d", "normal", null));
      assertThat(tap.dropped(DropCause.OBSERVER_DOWN)).isEqualTo(2);
      assertThat(metrics.dropped(DropCause.OBSERVER_DOWN)).isEqualTo(2);
      assertThat(metrics.queueDepth()).isZero();
    }
  }

  @Test
  void options_failFastOnBadValues() {
    assertThatThrownBy(() -> TapOptions.builder("localhost:8080", NODE)).hasMessageContaining("url");
    assertThatThrownBy(() -> TapOptions.builder("http://o/observe", NODE).payloadSampleRate(1.5).build())
        .hasMessageContaining("payloadSampleRate");
    assertThatThrownBy(() -> TapOptions.builder("http://o/observe", NODE).queueMaxEvents(0).build())
        .hasMessage("queueMaxEvents < 1: 0");
    assertThatThrownBy(() -> NodeIdentity.of("worker", "w", "h:1")).hasMessageContaining("role");
  }
}
