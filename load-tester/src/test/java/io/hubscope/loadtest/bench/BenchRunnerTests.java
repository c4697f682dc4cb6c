package io.hubscope.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchRunnerTests {

  @Test
  void heapPerClient_isKilobytesPerConnectedClient() {
    assertThat(BenchRunner.heapKbPerClient(100 << 20, 150 << 20, 5_000)).isEqualTo(10.2);
  }

  @Test
  void heapPerClient_isNotANumberWhenNotMeasured() {
    assertThat(BenchRunner.heapKbPerClient(Double.NaN, Double.NaN, 1_000)).isNaN();
    assertThat(BenchRunner.heapKbPerClient(100 << 20, Double.NaN, 1_000)).isNaN();
    assertThat(BenchRunner.heapKbPerClient(100 << 20, 150 << 20, 0)).isNaN();
  }
}
