package io.hubscope.hub.transport.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBufferTests {

  static byte[] frame(int size, int marker) {
    byte[] b = new byte[size];
    b[0] = (byte) marker;
    return b;
  }

  static List<Integer> markers(List<byte[]> frames) {
    return frames.stream().map(f -> (int) f[0]).toList();
  }

  @Test
  void append_numbersFromOneInSendOrder_andReplaysUnackedOldestFirst() {
    ReplayBuffer buffer = new ReplayBuffer(1000);
    for (int i = 1; i <= 5; i++) assertThat(buffer.append(frame(10, i))).isTrue();

    assertThat(buffer.lastSequenceId()).isEqualTo(5);
    assertThat(buffer.nextSequenceId()).isEqualTo(1);
    assertThat(markers(buffer.unacknowledged())).containsExactly(1, 2, 3, 4, 5);
    assertThat(buffer.bufferedBytes()).isEqualTo(50);
  }

  @Test
  void ack_dropsUpToAndIncludingTheId_andTheSequenceStartsAfterIt() {
    ReplayBuffer buffer = new ReplayBuffer(1000);
    for (int i = 1; i <= 5; i++) buffer.append(frame(10, i));

    assertThat(buffer.ack(3)).isEqualTo(3);
    assertThat(markers(buffer.unacknowledged())).containsExactly(4, 5);
    assertThat(buffer.nextSequenceId()).isEqualTo(4);
    assertThat(buffer.bufferedBytes()).isEqualTo(20);

    assertThat(buffer.ack(2)).as("an older ack changes nothing").isZero();
    assertThat(buffer.ack(99)).as("an ack past what was sent drops everything").isEqualTo(2);
    assertThat(buffer.unacknowledged()).isEmpty();
    assertThat(buffer.nextSequenceId()).as("nothing to replay: the next new message").isEqualTo(6);
    assertThat(buffer.bufferedBytes()).isZero();
  }

  @Test
  void append_refusesPastTheByteBound_withoutUsingASequenceId_andAcksMakeRoom() {
    ReplayBuffer buffer = new ReplayBuffer(100);
    assertThat(buffer.append(frame(60, 1))).isTrue();
    assertThat(buffer.append(frame(40, 2))).as("exactly at the bound").isTrue();
    assertThat(buffer.append(frame(1, 3))).isFalse();
    assertThat(buffer.lastSequenceId()).isEqualTo(2);
    assertThat(markers(buffer.unacknowledged())).containsExactly(1, 2);

    buffer.ack(1);
    assertThat(buffer.append(frame(50, 3))).isTrue();
    assertThat(buffer.lastSequenceId()).isEqualTo(3);
    assertThat(markers(buffer.unacknowledged())).containsExactly(2, 3);
  }

  @Test
  void constructor_refusesANonPositiveBound() {
    assertThatThrownBy(() -> new ReplayBuffer(0)).hasMessage("maxBytes < 1: 0");
  }
}
