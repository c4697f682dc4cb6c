package io.hubscope.hub.client;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Splits a {@code text/event-stream} body into the data of its events, chunk by chunk: the lines
 * of an event's {@code data:} fields joined with {@code \n}, handed on at the blank line that ends
 * the event. Other fields and comments are skipped. A line or event longer than {@code maxEvent}
 * bytes fails the stream rather than growing without bound. One instance per stream, one thread.
 */
final class SseEvents {

  private final int maxEvent;
  private final Consumer<byte[]> onEvent;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private boolean hasData;
  private boolean afterCr;

  SseEvents(int maxEvent, Consumer<byte[]> onEvent) {
    this.maxEvent = maxEvent;
    this.onEvent = onEvent;
  }

  /** Feeds the next chunk of the body. */
  void feed(byte[] chunk) {
    for (byte b : chunk) {
      if (b == '\n' && afterCr) { // the \n of a \r\n
        afterCr = false;
        continue;
      }
      afterCr = b == '\r';
      if (b == '\n' || b == '\r') {
        endLine();
      } else {
        if (line.size() >= maxEvent) throw tooLong();
        line.write(b);
      }
    }
  }

  private void endLine() {
    byte[] bytes = line.toByteArray();
    line.reset();
    if (bytes.length == 0) {
      if (hasData) onEvent.accept(data.toByteArray());
      data.reset();
      hasData = false;
      return;
    }
    if (!startsWith(bytes, "data")) return; // comments (":") and other fields
    int from = 4;
    if (bytes.length > 4) {
      if (bytes[4] != ':') return; // a field named "dataxyz"
      from = bytes.length > 5 && bytes[5] == ' ' ? 6 : 5;
    }
    if (hasData) data.write('\n');
    if (data.size() + bytes.length - from > maxEvent) throw tooLong();
    data.write(bytes, from, bytes.length - from);
    hasData = true;
  }

  private static boolean startsWith(byte[] bytes, String prefix) {
    if (bytes.length < prefix.length()) return false;
    for (int i = 0; i < prefix.length(); i++) {
      if (bytes[i] != prefix.charAt(i)) return false;
    }
    return true;
  }

  private HubConnectException tooLong() {
    return new HubConnectException("A Server-Sent Events line or event is longer than " + maxEvent + " bytes");
  }
}
