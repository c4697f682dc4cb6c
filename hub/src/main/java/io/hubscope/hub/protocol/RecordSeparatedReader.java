package io.hubscope.hub.protocol;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Splits text frames into 0x1E-terminated JSON records. Valid JSON never holds a raw 0x1E (control
 * characters must be escaped inside strings, and UTF-8 continuation bytes are all above 0x7F), so
 * scanning bytes for the separator is exact and needs no JSON state.
 */
final class RecordSeparatedReader implements HubProtocol.Reader {

  static final byte RECORD_SEPARATOR = 0x1E;

  private final JsonMessageParser parser;
  private final int maxMessageSize;
  private final Map<String, ArgumentDecoder<?>> decoders;
  private final PendingBytes pending = new PendingBytes();

  RecordSeparatedReader(JsonMessageParser parser, int maxMessageSize) {
    this(parser, maxMessageSize, Map.of());
  }

  RecordSeparatedReader(JsonMessageParser parser, int maxMessageSize, Map<String, ArgumentDecoder<?>> decoders) {
    if (maxMessageSize < 1) throw new IllegalArgumentException("maxMessageSize < 1: " + maxMessageSize);
    this.parser = parser;
    this.maxMessageSize = maxMessageSize;
    this.decoders = Map.copyOf(decoders);
  }

  @Override
  public void read(ByteBuffer frame, Consumer<HubMessage> sink) {
    FrameBytes in = FrameBytes.consume(frame);
    byte[] bytes = in.array();
    int start = in.offset();
    int end = in.end();
    if (!pending.isEmpty()) {
      int separator = indexOfSeparator(bytes, start, end);
      if (separator < 0) {
        pending.append(bytes, start, end - start, maxMessageSize);
        return;
      }
      pending.append(bytes, start, separator - start, maxMessageSize);
      emit(pending.array(), 0, pending.size(), sink);
      pending.clear();
      start = separator + 1;
    }
    // Fast path: records wholly inside this frame are parsed in place, without copying.
    for (int i = start; i < end; i++) {
      if (bytes[i] == RECORD_SEPARATOR) {
        emit(bytes, start, i - start, sink);
        start = i + 1;
      }
    }
    if (start < end) {
      pending.append(bytes, start, end - start, maxMessageSize);
    }
  }

  /** Bytes held for an unfinished record; visible for tests. */
  int bufferedBytes() {
    return pending.size();
  }

  /** Size of the array behind {@link #bufferedBytes()}; visible for tests. */
  int bufferCapacity() {
    return pending.capacity();
  }

  private void emit(byte[] bytes, int offset, int length, Consumer<HubMessage> sink) {
    if (length > maxMessageSize) throw PendingBytes.oversized(maxMessageSize);
    sink.accept(parser.parse(bytes, offset, length, decoders));
  }

  static int indexOfSeparator(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == RECORD_SEPARATOR) return i;
    }
    return -1;
  }
}
