package io.hubscope.hub.transport.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboundSequenceTests {

  @Test
  void accept_processesEachMessageOnce_evenWhenTheClientResendsAfterASequence() {
    InboundSequence in = new InboundSequence();
    assertThat(in.accept()).isTrue(); // 1
    assertThat(in.accept()).isTrue(); // 2
    assertThat(in.accept()).isTrue(); // 3

    // The client reconnects without having seen our ack for 2 and 3: it replays from 2.
    assertThat(in.reset(2)).isTrue();
    assertThat(in.accept()).as("2 again").isFalse();
    assertThat(in.accept()).as("3 again").isFalse();
    assertThat(in.accept()).as("4 is new").isTrue();
    assertThat(in.latest()).isEqualTo(4);
  }

  @Test
  void reset_refusesASequenceThatSkipsMessages() {
    InboundSequence in = new InboundSequence();
    in.accept();
    in.accept();

    assertThat(in.reset(4)).as("3 would be lost").isFalse();
    assertThat(in.reset(0)).isFalse();
    assertThat(in.reset(3)).as("exactly the next one").isTrue();
    assertThat(in.accept()).isTrue();
    assertThat(in.latest()).isEqualTo(3);
  }

  @Test
  void ackDue_onlyWhenSomethingArrivedSinceTheLastAck() {
    InboundSequence in = new InboundSequence();
    assertThat(in.ackDue()).isEqualTo(-1);
    in.accept();
    in.accept();
    assertThat(in.ackDue()).isEqualTo(2);
    assertThat(in.ackDue()).isEqualTo(-1);
    in.reset(2);
    in.accept(); // a duplicate of 2
    assertThat(in.ackDue()).as("duplicates are nothing new").isEqualTo(-1);
    in.accept();
    assertThat(in.ackDue()).isEqualTo(3);
    in.resumed();
    assertThat(in.ackDue()).as("repeated on the new socket: the last one may have been lost").isEqualTo(3);
    assertThat(in.ackDue()).isEqualTo(-1);
  }
}
