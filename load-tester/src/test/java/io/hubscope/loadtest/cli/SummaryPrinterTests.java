package io.hubscope.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.loadtest.metrics.Percentiles;
import io.hubscope.loadtest.run.LoadTestResult;
import org.junit.jupiter.api.Test;

/** The summary lines match the seed article's character for character, so results compare. */
class SummaryPrinterTests {

  static LoadTestResult result(String profile, int clients, long received, double missedPercent, double min,
      double max, double mean) {
    return new LoadTestResult(profile, clients, clients, received, 0, missedPercent, 0, 0, min, max, mean,
        Percentiles.EMPTY, Percentiles.EMPTY, 0, 0, 0, null, 0, 0, 0, true, 0, 0, 0, null, 0);
  }

  @Test
  void broadcastLine_isTheSeedsFormat() {
    assertThat(SummaryPrinter.seedLine(result("broadcast", 1000, 134262, 0, 3003.35, 3088.73, 3034.29)))
        .isEqualTo("Clients=1000, Received=134262, Missed=0%, Min interval=3003.35, Max interval=3088.73, Avg interval: 3034.29");
  }

  @Test
  void chatRoomLine_isTheSeedsFormat() {
    assertThat(SummaryPrinter.seedLine(result("chatroom", 500, 213462, 0, 618.12, 3819.86, 1154.09)))
        .isEqualTo("Clients=500, Min latency=618.12, Max latency=3819.86, Avg Latency=1154.09, Received=213462, Missed=0%");
  }

  @Test
  void echoLine_isDotNetifysEchoFormat() {
    assertThat(SummaryPrinter.seedLine(result("echo", 5, 300, 0.5, 1.2, 3.4, 2.25)))
        .isEqualTo("Clients=5, Received=300, Missed=0.5%, Min latency=1.2, Max latency=3.4, Avg latency: 2.25");
  }

  @Test
  void numbers_haveAtMostTwoDecimalsAndNoTrailingZeros() {
    assertThat(SummaryPrinter.num(3003.3)).isEqualTo("3003.3");
    assertThat(SummaryPrinter.num(0)).isEqualTo("0");
    assertThat(SummaryPrinter.num(14.285714)).isEqualTo("14.29");
    assertThat(SummaryPrinter.num(1000)).isEqualTo("1000");
  }

  @Test
  void theLongestGapBetweenTwoMessages_isPrintedWhenMeasured() {
    LoadTestResult measured = new LoadTestResult("broadcast", 10, 10, 100, 0, 0, 0, 10, 990, 1010, 1000,
        Percentiles.EMPTY, Percentiles.EMPTY, 0, 0, 0, null, 0, 0, 0, true, 0, 0, 0, null, 1087.456);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    SummaryPrinter.print(measured, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("Longest time a client went without a message (run phase)=1087.46 ms");

    java.io.ByteArrayOutputStream none = new java.io.ByteArrayOutputStream();
    SummaryPrinter.print(result("echo", 5, 300, 0, 1, 2, 1.5),
        new java.io.PrintStream(none, true, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(none.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Longest gap");
  }
}
