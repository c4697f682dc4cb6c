package io.hubscope.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerSentEventsEventTests {

  static String event(String frame) {
    return new String(ServerSentEventsConnection.event(frame.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @Test
  void aFrameWithoutLineBreaks_isOneDataLine() {
    assertThat(event("{\"type\":6}\u001e")).isEqualTo("data: {\"type\":6}\u001e\r\n\r\n");
  }

  @Test
  void eachLineOfAFrame_isItsOwnDataLine_withCarriageReturnsBeforeLineFeedsDropped() {
    assertThat(event("a\r\nb\nc")).isEqualTo("data: a\r\ndata: b\r\ndata: c\r\n\r\n");
    assertThat(event("a\n")).isEqualTo("data: a\r\ndata: \r\n\r\n");
  }
}
