package io.hubscope.loadtest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrackerTests {

  final SequenceTracker tracker = new SequenceTracker();

  @Test
  void gapsBetweenTheLowestAndHighestAreMissed() {
    for (long s : new long[] {5, 6, 8, 11}) tracker.record(s);

    assertThat(tracker.received()).isEqualTo(4);
    assertThat(tracker.missed()).isEqualTo(3); // 7, 9, 10
  }

  @Test
  void duplicatesCountOnce() {
    assertThat(tracker.record(1)).isTrue();
    assertThat(tracker.record(1)).isFalse();
    tracker.record(2);

    assertThat(tracker.received()).isEqualTo(2);
    assertThat(tracker.missed()).isZero();
  }

  @Test
  void aStartSlightlyOutOfOrderIsNoGap() {
    tracker.record(100);
    tracker.record(98);
    tracker.record(99);

    assertThat(tracker.received()).isEqualTo(3);
    assertThat(tracker.missed()).isZero();
  }

  @Test
  void gapsTheSenderWasToldFailedAreNotMissed() {
    for (long s : new long[] {5, 6, 8, 11}) tracker.record(s);

    assertThat(tracker.missed(seq -> seq == 7 || seq == 10)).isEqualTo(1); // 9
    assertThat(tracker.missed(seq -> false)).isEqualTo(3);
  }

  @Test
  void nothingReceivedIsNothingMissed() {
    assertThat(tracker.missed()).isZero();
  }
}
