package io.hubscope.loadtest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResumptionTests {

  final Resumption resumption = new Resumption();

  @Test
  void nothingMarked_measuresNothing() {
    Resumption.Receiver client = resumption.receiver();
    client.received(1_000, 1_010);
    resumption.add(client);

    assertThat(resumption.summary()).isNull();
  }

  @Test
  void aClientResumesWithTheFirstMessageSentAfterTheMark() {
    resumption.mark(10_000);
    Resumption.Receiver client = resumption.receiver();
    client.received(9_990, 10_050); // sent before the kill, still in flight: proves nothing
    client.received(12_000, 12_400);
    client.received(12_500, 12_600);
    resumption.add(client);

    assertThat(resumption.summary()).isEqualTo(new Resumption.Summary(1, 0, 2_400, 2_400));
  }

  @Test
  void everyClientIsTheSlowest_andOneThatNeverReceivedIsCountedApart() {
    resumption.mark(10_000);
    for (double at : new double[] {10_200, 13_100, 10_900}) {
      Resumption.Receiver client = resumption.receiver();
      client.received(10_100, at);
      resumption.add(client);
    }
    Resumption.Receiver silent = resumption.receiver();
    silent.received(9_000, 10_500);
    resumption.add(silent);

    assertThat(resumption.summary()).isEqualTo(new Resumption.Summary(4, 1, 900, 3_100));
  }

  @Test
  void aMarkAfterTheClientsStarted_stillCounts() {
    Resumption.Receiver client = resumption.receiver();
    client.received(5_000, 5_010);
    resumption.mark(6_000);
    client.received(6_500, 6_520);
    resumption.add(client);

    assertThat(resumption.summary().everyClientMillis()).isEqualTo(520);
  }
}
