package io.hubscope.loadtest.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.loadtest.profile.Profile;
import io.hubscope.loadtest.testing.TestHub;
import io.hubscope.loadtest.testing.TestViewModels;
import io.hubscope.loadtest.testing.TestViewModels.Counts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each profile against a live hub whose view models count what they sent. */
class LoadTestIT {

  static final int CLIENTS = 12;

  final Counts counts = new Counts();

  static LoadTestSettings settings(String url, Profile profile, int clients, int runSeconds, int interval, int groups,
      String protocol) {
    return new LoadTestSettings(List.of(url), profile, clients, Duration.ofSeconds(runSeconds), Duration.ZERO,
        Duration.ofSeconds(1), interval, groups, protocol, List.of(), 0, false);
  }

  static LoadTestSettings settings(String url, Profile profile, int clients, int runSeconds, int interval, int groups,
      String protocol, String transport) {
    return new LoadTestSettings(List.of(url), profile, clients, Duration.ofSeconds(runSeconds), Duration.ZERO,
        Duration.ofSeconds(1), interval, groups, protocol, List.of(), 0, false, transport);
  }

  static LoadTestResult run(LoadTestSettings settings) {
    return new LoadTest(settings, new PrintStream(new ByteArrayOutputStream())).run();
  }

  @Test
  void broadcast_countsEveryTickOnceAndMeasuresTheInterval() {
    try (TestHub hub = new TestHub(TestViewModels.registry(counts, 8, 0, 0, 0))) {
      LoadTestResult r = run(settings(hub.url(), Profile.BROADCAST, CLIENTS, 3, 200, 1, "json"));

      assertThat(r.received()).isEqualTo(CLIENTS * 8L);
      assertThat(r.missed()).isZero();
      assertThat(r.missedPercent()).isZero();
      assertThat(r.clients()).isEqualTo(CLIENTS);
      // Ticks every 200 ms: each client's average interval between receipts is close to that.
      assertThat(r.minAverage()).isBetween(150.0, 250.0);
      assertThat(r.maxAverage()).isBetween(150.0, 250.0);
      assertThat(r.latency().count()).isEqualTo(CLIENTS * 8L);
      assertThat(r.latency().p50()).isBetween(0.0, 100.0);
      // The run phase's latencies are the ticks received while every client was connected: the
      // ticks run 1.6 s of its 3 s, so some of them, and none that the whole test did not count.
      assertThat(r.runLatency().count()).isPositive().isLessThanOrEqualTo(r.latency().count());
      assertThat(r.runLatency().p50()).isBetween(0.0, 100.0);
      assertThat(r.passed()).isTrue();
    }
  }

  @Test
  void broadcast_countsASkippedSequenceAsMissedForEveryClient() {
    try (TestHub hub = new TestHub(TestViewModels.registry(counts, 6, 3, 0, 0))) {
      LoadTestResult r = run(settings(hub.url(), Profile.BROADCAST, CLIENTS, 3, 150, 1, "json"));

      // Sequences 1, 2, 4, 5, 6, 7 were sent: one gap per client.
      assertThat(r.received()).isEqualTo(CLIENTS * 6L);
      assertThat(r.missed()).isEqualTo(CLIENTS);
      assertThat(r.missedPercent()).isEqualTo(14.29);
      assertThat(r.passed()).isFalse();
    }
  }

  @Test
  void echo_answersEveryPingAndReportsTheRoundTrip() {
    try (TestHub hub = new TestHub(TestViewModels.registry(counts, 0, 0, 10, 0))) {
      LoadTestResult r = run(settings(hub.url(), Profile.ECHO, CLIENTS, 3, 50, 1, "json"));

      assertThat(r.received()).isEqualTo(CLIENTS * 10L);
      assertThat(counts.pongsReceived.get()).isEqualTo(CLIENTS * 10L);
      assertThat(r.missed()).isZero();
      assertThat(r.misdelivered()).isZero();
      // The test hub reports PrevLatency 1.5 ms from the second ping on.
      assertThat(r.latency().count()).isEqualTo(CLIENTS * 9L);
      assertThat(r.meanAverage()).isEqualTo(1.5);
      assertThat(r.errors()).isZero();
      assertThat(r.passed()).isTrue();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"sse,json", "longpolling,json", "longpolling,messagepack"})
  void echo_overTheHttpTransports(String transport, String protocol) {
    try (TestHub hub = new TestHub(TestViewModels.registry(counts, 0, 0, 10, 0))) {
      LoadTestResult r = run(settings(hub.url(), Profile.ECHO, CLIENTS, 3, 50, 1, protocol, transport));

      assertThat(r.received()).as("first error: %s", r.firstError()).isEqualTo(CLIENTS * 10L);
      assertThat(counts.pongsReceived.get()).isEqualTo(CLIENTS * 10L);
      assertThat(r.missed()).isZero();
      assertThat(r.errors()).isZero();
      assertThat(r.passed()).isTrue();
    }
  }

  @Test
  void echo_overMessagePack() {
    try (TestHub hub = new TestHub(TestViewModels.registry(counts, 0, 0, 10, 0))) {
      LoadTestResult r = run(settings(hub.url(), Profile.ECHO, CLIENTS, 3, 50, 1, "messagepack"));

      assertThat(r.received()).isEqualTo(CLIENTS * 10L);
      assertThat(counts.pongsReceived.get()).isEqualTo(CLIENTS * 10L);
      assertThat(r.passed()).isTrue();
    }
  }

  @Test
  void echo_flagsAPingForAnotherConnectionAsMisdelivered() {
    try (TestHub hub = new TestHub(TestViewModels.registry(counts, 0, 0, 6, 3))) {
      LoadTestResult r = run(settings(hub.url(), Profile.ECHO, CLIENTS, 3, 50, 1, "json"));

      assertThat(r.misdelivered()).isEqualTo(CLIENTS);
      assertThat(r.received()).isEqualTo(CLIENTS * 5L);
      // The misdelivered ping's sequence number never arrived as ours.
      assertThat(r.missed()).isEqualTo(CLIENTS);
      assertThat(r.passed()).isFalse();
    }
  }

  @Test
  void sharedEcho_answersEveryPingOfTheSharedViewModel() {
    try (TestHub hub = new TestHub(TestViewModels.registry(counts, 0, 0, 10, 0))) {
      LoadTestResult r = run(settings(hub.url(), Profile.SHAREDECHO, CLIENTS, 3, 50, 1, "json"));

      assertThat(r.received()).isEqualTo(CLIENTS * 10L);
      assertThat(counts.pongsReceived.get()).isEqualTo(CLIENTS * 10L);
      assertThat(r.meanAverage()).isEqualTo(2.0);
      assertThat(r.passed()).isTrue();
    }
  }

  @Test
  void chatRoom_receivesEveryMessageOfItsRoomOnce() {
    try (TestHub hub = new TestHub(TestViewModels.registry(counts, 0, 0, 0, 0))) {
      // 20 clients in 2 rooms: 2 chatty (every 11 x 50 ms) and 4 casual (every 59 x 50 ms) posters.
      LoadTestResult r = run(settings(hub.url(), Profile.CHATROOM, 20, 4, 50, 2, "json"));

      assertThat(counts.chatDeliveries.get()).isGreaterThan(50);
      assertThat(r.received()).isEqualTo(counts.chatDeliveries.get());
      assertThat(r.missed()).isZero();
      assertThat(r.latency().p50()).isBetween(0.0, 200.0);
      assertThat(r.clients()).isEqualTo(20);
      assertThat(r.passed()).isTrue();
    }
  }

  @Test
  void unknownViewModel_endsTheTestWithOneClearLine() {
    try (TestHub hub = new TestHub(new io.hubscope.hub.vm.VMRegistry())) {
      assertThatThrownBy(() -> run(settings(hub.url(), Profile.BROADCAST, 5, 1, 100, 1, "json")))
          .isInstanceOf(LoadTestException.class)
          .hasMessageContaining("refused Request_VM BroadcastVM")
          .hasMessageNotContaining("\n");
    }
  }
}
