package io.hubscope.hub.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventsTests {

  final List<String> events = new ArrayList<>();
  final SseEvents parser = new SseEvents(64, e -> events.add(new String(e, StandardCharsets.UTF_8)));

  void feed(String... chunks) {
    for (String chunk : chunks) parser.feed(chunk.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void events_endAtABlankLineWhateverTheLineEnding() {
    feed("data: one\n\n", "data: two\r\n\r\n", "data: three\r\r");

    assertThat(events).containsExactly("one", "two", "three");
  }

  @Test
  void events_splitAcrossChunks_anywhere_includingBetweenCrAndLf() {
    feed("da", "ta: {\"type\":6}\u001e\r", "\n", "\r", "\ndata: x\n", "\n");

    assertThat(events).containsExactly("{\"type\":6}\u001e", "x");
  }

  @Test
  void multiLineData_isJoinedWithNewlines_andOtherFieldsAndCommentsAreSkipped() {
    feed(": keep-alive comment\n", "event: message\nid: 7\ndata: a\ndata:b\ndataxyz: no\n\n");

    assertThat(events).containsExactly("a\nb");
  }

  @Test
  void aBlankLineWithoutData_dispatchesNothing() {
    feed("\n\n: only a comment\n\n");

    assertThat(events).isEmpty();
  }

  @Test
  void aLineLongerThanTheBound_failsTheStreamInsteadOfGrowing() {
    assertThatThrownBy(() -> feed("data: " + "x".repeat(100)))
        .isInstanceOf(HubConnectException.class).hasMessageContaining("longer than 64 bytes");
    assertThat(events).isEmpty();
  }

  @Test
  void anEventLongerThanTheBound_inManyShortLines_failsToo() {
    assertThatThrownBy(() -> feed("data: 0123456789\n".repeat(10)))
        .isInstanceOf(HubConnectException.class);
  }
}
