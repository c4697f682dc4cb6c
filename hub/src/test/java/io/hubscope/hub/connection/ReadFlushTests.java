package io.hubscope.hub.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadFlushTests {

  @Test
  void aWriteDuringARead_isFlushedOnceWhenTheReadCompletes() {
    ReadFlush reads = new ReadFlush();
    assertThat(reads.reading()).isFalse();
    reads.readStarted();
    assertThat(reads.reading()).isTrue();
    reads.wrote();
    reads.wrote();
    assertThat(reads.readComplete()).isTrue();
    assertThat(reads.reading()).isFalse();
    assertThat(reads.readComplete()).as("nothing written since").isFalse();
  }

  @Test
  void aReadThatWroteNothing_needsNoFlush_andTakingThePendingFlushClearsIt() {
    ReadFlush reads = new ReadFlush();
    reads.readStarted();
    assertThat(reads.readComplete()).isFalse();
    reads.readStarted();
    reads.wrote();
    assertThat(reads.takePending()).isTrue();
    assertThat(reads.readComplete()).as("the flush was already given").isFalse();
  }
}
