package io.hubscope.tap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TapQueueTests {

  static TapEvent.Close event(int errorLength) {
    return new TapEvent.Close(1, "c", "normal", "x".repeat(errorLength));
  }

  @Test
  void offer_refusesPastTheEventLimit() {
    TapQueue queue = new TapQueue(3, 1_000_000);
    for (int i = 0; i < 3; i++) assertThat(queue.offer(event(0))).isTrue();
    assertThat(queue.offer(event(0))).isFalse();
    assertThat(queue.depth()).isEqualTo(3);
  }

  @Test
  void offer_refusesPastTheByteLimit_andHoldsNothingOfTheRefusedEvent() {
    int weight = event(100).weight();
    TapQueue queue = new TapQueue(1000, weight * 2L + 10);
    assertThat(queue.offer(event(100))).isTrue();
    assertThat(queue.offer(event(100))).isTrue();
    assertThat(queue.offer(event(100))).isFalse();
    assertThat(queue.depth()).isEqualTo(2);
    assertThat(queue.bytes()).isEqualTo(weight * 2L);
  }

  @Test
  void drainTo_stopsAtTheBatchLimits_andFreesRoom() {
    TapQueue queue = new TapQueue(1000, 1_000_000);
    int weight = event(0).weight();
    for (int i = 0; i < 10; i++) queue.offer(event(0));
    List<TapEvent> batch = new ArrayList<>();
    assertThat(queue.drainTo(batch, 4, 1_000_000, 0)).isEqualTo(4L * weight);
    assertThat(batch).hasSize(4);
    List<TapEvent> byBytes = new ArrayList<>();
    queue.drainTo(byBytes, 100, weight * 3L, 0);
    assertThat(byBytes).hasSize(3);
    assertThat(queue.depth()).isEqualTo(3);
    assertThat(queue.bytes()).isEqualTo(3L * weight);
  }

  @Test
  void drainTo_takesOneEventEvenWhenItAloneIsOverTheByteLimit() {
    TapQueue queue = new TapQueue(10, 1_000_000);
    queue.offer(event(5000));
    List<TapEvent> batch = new ArrayList<>();
    queue.drainTo(batch, 10, 100, 0);
    assertThat(batch).hasSize(1);
  }
}
