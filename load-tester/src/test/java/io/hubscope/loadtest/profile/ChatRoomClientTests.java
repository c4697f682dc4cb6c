package io.hubscope.loadtest.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.protocol.JsonCursor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a chat member counts when the proxy moves it to another app server in the middle of a room. */
class ChatRoomClientTests {

  final RunStats stats = new RunStats();
  final ChatRoomClient client = new ChatRoomClient(stats, "Room1", "me", 0, null);

  /** A state as the load tester reads it: a cursor over its bytes. */
  static JsonCursor state(String json) {
    byte[] bytes = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    return new JsonCursor().reset(bytes, 0, bytes.length);
  }

  static String message(long seq, double time) {
    return "{'MessageId':'s." + seq + "','SenderId':'s','Time':" + time + ",'Sequence':" + seq + "}";
  }

  @Test
  void aFullStateAgain_deliversTheMessagesSentWhileTheClientMoved() {
    client.onState(state("{'Messages_add':" + message(1, 1000) + "}"), 1001);
    // Moved to another app server: its room is requested again and answers with its full state.
    client.onState(state("{'Messages':[" + message(1, 1000) + "," + message(2, 2000) + "," + message(3, 3000) + "]}"), 3500);
    client.onState(state("{'Messages_add':" + message(4, 4000) + "}"), 4001);
    client.finish();

    assertThat(stats.receivedCount()).isEqualTo(4);
    assertThat(stats.missedCount()).isZero();
  }

  @Test
  void aMessageWhoseSendFailedBack_isNotMissed_butOneSilentlyLostIs() {
    stats.sendFailed("s.2", "SendMessage failed: gone");
    client.onState(state("{'Messages_add':" + message(1, 1000) + "}"), 1001);
    client.onState(state("{'Messages_add':" + message(3, 3000) + "}"), 3001);
    client.onState(state("{'Messages_add':" + message(5, 5000) + "}"), 5001);
    client.finish();

    assertThat(stats.missedCount()).isEqualTo(1); // 4: its sender was told nothing
    assertThat(stats.errorCount()).isEqualTo(1);
    assertThat(stats.failedSendCount()).isEqualTo(1);
  }

  @Test
  void afterADisruption_theClientResumesWithTheFirstMessageSentAfterIt() {
    client.onState(state("{'Messages_add':" + message(1, 1000) + "}"), 1001);
    stats.resumption().mark(2000);
    client.onState(state("{'Messages_add':" + message(2, 1990) + "}"), 2100);
    client.onState(state("{'Messages':[" + message(2, 1990) + "," + message(3, 4000) + "]}"), 4500);
    client.finish();

    assertThat(stats.resumption().summary().everyClientMillis()).isEqualTo(2500);
  }
}
