package io.hubscope.loadtest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyRecorderTests {

  @Test
  void recordsFromManyThreadsAddUpAndIntervalsReset() throws InterruptedException {
    LatencyRecorder recorder = new LatencyRecorder();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      pool.execute(() -> {
        for (int i = 1; i <= 1000; i++) recorder.recordMillis(i / 100.0);
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(recorder.takeInterval().getTotalCount()).isEqualTo(4000);
    assertThat(recorder.takeInterval().getTotalCount()).isZero();
    Percentiles p = Percentiles.of(recorder.total());
    assertThat(p.count()).isEqualTo(4000);
    assertThat(p.p50()).isBetween(4.9, 5.1);
    assertThat(p.max()).isBetween(9.9, 10.1);
  }
}
