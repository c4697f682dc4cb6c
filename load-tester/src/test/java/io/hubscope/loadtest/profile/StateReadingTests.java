package io.hubscope.loadtest.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.protocol.JsonCursor;
import io.hubscope.loadtest.protocol.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What each profile counts from the states it is handed, read straight from their bytes. */
class StateReadingTests {

  final RunStats stats = new RunStats();

  static void push(ProfileClient client, String state, double now) {
    byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
    client.onState(new JsonCursor().reset(bytes, 0, bytes.length), now);
  }

  @Test
  void broadcast_countsEachTickOnceAndTheGapsBetween() {
    ProfileClient client = Profile.BROADCAST.newClient(0, 1000, 1, "run", stats, null);

    push(client, "{\"Tick\":null}", 1000);
    push(client, "{\"Tick\":{\"Time\":995.5,\"Sequence\":1}}", 1000);
    push(client, "{\"Other\":[1,2],\"Tick\":{\"Sequence\":2,\"Time\":1990}}", 2000);
    push(client, "{\"Tick\":{\"Sequence\":2,\"Time\":1990}}", 2001);
    push(client, "{\"Tick\":{\"Sequence\":4,\"Time\":3997,\"Extra\":{\"Sequence\":9}}}", 4000);
    client.finish();

    assertThat(stats.receivedCount()).isEqualTo(3);
    assertThat(stats.missedCount()).isEqualTo(1);
    assertThat(stats.latency().total().getTotalCount()).isEqualTo(3);
    assertThat(stats.latency().total().getMaxValue()).isBetween(9_990L, 10_010L); // 10 ms, in microseconds
  }

  @Test
  void broadcast_keepsTheLongestGapBetweenTwoTicksOfTheRunPhaseOnly() throws InterruptedException {
    ProfileClient client = Profile.BROADCAST.newClient(0, 1000, 1, "run", stats, null);
    push(client, "{\"Tick\":{\"Sequence\":1,\"Time\":1}}", 1);
    Thread.sleep(200); // ramp-up: not the run phase
    long beforeSecond = System.nanoTime();
    push(client, "{\"Tick\":{\"Sequence\":2,\"Time\":2}}", 2);
    stats.runPhase(true);
    long afterSecond = System.nanoTime();
    Thread.sleep(60);
    long beforeThird = System.nanoTime();
    push(client, "{\"Tick\":{\"Sequence\":3,\"Time\":3}}", 3);
    long afterThird = System.nanoTime();
    push(client, "{\"Tick\":{\"Sequence\":4,\"Time\":4}}", 4);
    stats.runPhase(false);
    Thread.sleep(200); // ramp-down
    push(client, "{\"Tick\":{\"Sequence\":5,\"Time\":5}}", 5);
    client.finish();

    // The gap between ticks 2 and 3, timed from outside (the run phase began in it); the longer
    // ones around the phase are not counted, nor is the moment from tick 4 to the phase's end.
    assertThat(stats.longestGapMillis())
        .isBetween((beforeThird - afterSecond) / 1e6 - 0.01, (afterThird - beforeSecond) / 1e6 + 0.01);
    assertThat(stats.longestGapMillis()).isLessThan(200);
  }

  @Test
  void broadcast_aClientThatStopsReceiving_isSilentUntilTheRunPhaseEnds() throws InterruptedException {
    ProfileClient stalled = Profile.BROADCAST.newClient(0, 1000, 1, "run", stats, null);
    stats.runPhase(true);
    // Timed from outside: the receipt is stamped inside push, the phase's end inside runPhase(false).
    long beforeLast = System.nanoTime();
    push(stalled, "{\"Tick\":{\"Sequence\":1,\"Time\":1}}", 1);
    Thread.sleep(150); // no tick comes
    stats.runPhase(false);
    long afterEnd = System.nanoTime();
    Thread.sleep(50); // ramp-down: not counted
    stalled.finish();

    assertThat(stats.longestGapMillis()).isGreaterThanOrEqualTo(150).isLessThanOrEqualTo((afterEnd - beforeLast) / 1e6 + 0.01);
  }

  @Test
  void broadcast_aClientWithNoTickInTheRunPhase_wasSilentForAllOfIt() throws InterruptedException {
    ProfileClient silent = Profile.BROADCAST.newClient(0, 1000, 1, "run", stats, null);
    long beforeStart = System.nanoTime();
    stats.runPhase(true);
    long afterStart = System.nanoTime();
    Thread.sleep(120);
    long beforeEnd = System.nanoTime();
    stats.runPhase(false);
    long afterEnd = System.nanoTime();
    silent.finish();

    assertThat(stats.longestGapMillis()).isBetween((beforeEnd - afterStart) / 1e6, (afterEnd - beforeStart) / 1e6);
  }

  @Test
  void chatRoom_countsEveryMessageOncePerSender() {
    ProfileClient client = Profile.CHATROOM.newClient(0, 1000, 1, "run", stats, null);

    push(client, "{\"Messages\":[],\"Messages_add\":[{\"SenderId\":\"a\",\"Sequence\":1,\"Time\":99},"
        + "{\"SenderId\":\"b\",\"Sequence\":1,\"Time\":99}]}", 100);
    push(client, "{\"Messages_add\":{\"SenderId\":\"a\",\"Sequence\":3,\"Time\":150,\"Text\":\"hi \\\"there\\\"\"}}", 200);
    push(client, "{\"Messages_add\":[{\"SenderId\":\"b\",\"Sequence\":1,\"Time\":99}, 5, \"x\"]}", 300);
    push(client, "{\"Messages_remove\":[1]}", 300);
    client.finish();

    assertThat(stats.receivedCount()).isEqualTo(3);
    assertThat(stats.missedCount()).as("a's second message").isEqualTo(1);
    assertThat(stats.latency().total().getTotalCount()).isEqualTo(3);
  }

  @Test
  void echo_countsItsOwnPingsAndFlagsAnotherConnectionsOnes() {
    ProfileClient client = Profile.ECHO.newClient(0, 1, 1, "run", stats, null);
    client.stopSending(); // no connection here to pong on

    push(client, "{\"Ping\":{\"ConnectionId\":\"c1\",\"Time\":1.0,\"Sequence\":1,\"PrevLatency\":0,\"AvgLatency\":0}}", 0);
    push(client, "{\"Ping\":{\"ConnectionId\":\"c1\",\"Time\":2.0,\"Sequence\":2,\"PrevLatency\":1.5,\"AvgLatency\":1.5}}", 0);
    push(client, "{\"Ping\":{\"Sequence\":3,\"ConnectionId\":\"c2\",\"PrevLatency\":9}}", 0);
    push(client, "{\"PingInterval\":1}", 0);
    push(client, "{\"Ping\":{\"ConnectionId\":\"c\\u0031\",\"Sequence\":5,\"PrevLatency\":2.5}}", 0);
    client.finish();

    assertThat(stats.misdeliveredCount()).isEqualTo(1);
    assertThat(stats.receivedCount()).isEqualTo(3);
    assertThat(stats.missedCount()).as("3 went to c2, 4 never came").isEqualTo(2);
    assertThat(stats.latency().total().getTotalCount()).isEqualTo(2);
    assertThat(stats.clientLatency().mean()).isEqualTo(2.0);
  }

  @Test
  void echo_readsAPingWithoutConnectionIdAsTheEmptyOne() {
    ProfileClient client = Profile.ECHO.newClient(0, 1, 1, "run", stats, null);
    client.stopSending();

    push(client, "{\"Ping\":{\"Sequence\":1}}", 0);
    push(client, "{\"Ping\":{\"ConnectionId\":\"\",\"Sequence\":2}}", 0);
    push(client, "{\"Ping\":{\"ConnectionId\":\"c1\",\"Sequence\":3}}", 0);

    assertThat(stats.receivedCount()).isEqualTo(2);
    assertThat(stats.misdeliveredCount()).isEqualTo(1);
  }

  @Test
  void aValueOfTheWrongJsonShape_isMalformedForTheSessionToReport() {
    ProfileClient client = Profile.BROADCAST.newClient(0, 1000, 1, "run", stats, null);

    assertThatThrownBy(() -> push(client, "{\"Tick\":{\"Sequence\":1,\"Time\":}}", 0)).isInstanceOf(MalformedJsonException.class);
  }
}
