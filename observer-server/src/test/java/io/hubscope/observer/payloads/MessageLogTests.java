package io.hubscope.observer.payloads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageLogTests {

  MessageLog log = new MessageLog(100);

  void add(int n, String dir) {
    for (int i = 0; i < n; i++) {
      log.put(new LoggedMessage(log.claim(), i, "n1", "c1", dir, "Update_VM", "Echo", 3, 1, null, "p" + i, false));
    }
  }

  @Test
  void capacity_isRoundedUpToAPowerOfTwo() {
    assertThat(log.capacity()).isEqualTo(128);
    assertThat(new MessageLog(1).capacity()).isEqualTo(1);
  }

  @Test
  void since_capsPerCallKeepsTheNewestAndReportsSkipped() {
    add(30, "in");

    MessageLog.Tail tail = log.since(-1, m -> true, 10);

    assertThat(tail.messages()).hasSize(10);
    assertThat(tail.messages().get(9).payload()).isEqualTo("p29");
    assertThat(tail.skipped()).isEqualTo(20);
    assertThat(tail.lastSeq()).isEqualTo(29);
    assertThat(log.since(tail.lastSeq(), m -> true, 10).messages()).isEmpty();
  }

  @Test
  void since_countsOverwrittenMessagesAsSkipped() {
    add(10, "in");
    long cursor = 9;
    add(300, "out");

    MessageLog.Tail tail = log.since(cursor, m -> "out".equals(m.dir()), 1000);

    assertThat(tail.messages()).hasSize(128);
    assertThat(tail.skipped()).isEqualTo(300 - 128);
  }

  @Test
  void latest_filtersNewestFirst() {
    add(5, "in");
    add(5, "out");

    assertThat(log.latest(m -> "in".equals(m.dir()), 3)).extracting(LoggedMessage::payload)
        .containsExactly("p4", "p3", "p2");
  }
}
