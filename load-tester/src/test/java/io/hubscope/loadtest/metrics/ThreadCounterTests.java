package io.hubscope.loadtest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadCounterTests {

  @Test
  void sum_addsUpWhatEveryThreadCounted() throws InterruptedException {
    ThreadCounter counter = new ThreadCounter();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 100_000; i++) counter.increment();
      });
      thread.start();
      threads.add(thread);
    }
    counter.increment();
    for (Thread thread : threads) thread.join();

    assertThat(counter.sum()).isEqualTo(400_001);
  }

  @Test
  void sum_isZeroBeforeAnyCount() {
    assertThat(new ThreadCounter().sum()).isZero();
  }
}
