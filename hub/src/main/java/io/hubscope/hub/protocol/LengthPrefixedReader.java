package io.hubscope.hub.protocol;

import static io.hubscope.hub.protocol.HubProtocolException.Kind.MALFORMED;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Splits binary frames into VarInt-length-prefixed MessagePack messages. The length is known before
 * the body arrives, so an oversized message is refused before any of its body is buffered.
 */
final class LengthPrefixedReader implements HubProtocol.Reader {

  private final MessagePackMessageParser parser;
  private final int maxMessageSize;
  private final int maxBuffered; // a whole message with its prefix
  private final PendingBytes pending = new PendingBytes();

  LengthPrefixedReader(MessagePackMessageParser parser, int maxMessageSize) {
    if (maxMessageSize < 1) throw new IllegalArgumentException("maxMessageSize < 1: " + maxMessageSize);
    this.parser = parser;
    this.maxMessageSize = maxMessageSize;
    this.maxBuffered = (int) Math.min(Integer.MAX_VALUE, (long) maxMessageSize + VarInt.MAX_BYTES);
  }

  @Override
  public void read(ByteBuffer frame, Consumer<HubMessage> sink) {
    FrameBytes in = FrameBytes.consume(frame);
    byte[] bytes = in.array();
    int pos = in.offset();
    int end = in.end();
    if (!pending.isEmpty()) {
      pos = completePending(bytes, pos, end, sink);
      if (!pending.isEmpty()) return; // the frame was used up and the message is still unfinished
    }
    // Fast path: messages wholly inside this frame are decoded in place, without copying.
    while (pos < end) {
      long prefix = VarInt.read(bytes, pos, end);
      if (prefix == VarInt.INCOMPLETE) break;
      int headerSize = (int) (prefix >>> 32);
      int length = checkedLength(prefix);
      if (end - pos - headerSize < length) break;
      sink.accept(parser.parse(bytes, pos + headerSize, length));
      pos += headerSize + length;
    }
    if (pos < end) {
      pending.append(bytes, pos, end - pos, maxBuffered);
    }
  }

  /** Bytes held for an unfinished message; visible for tests. */
  int bufferedBytes() {
    return pending.size();
  }

  /**
   * Moves just enough of {@code bytes} into the pending message to finish it, decodes it, and
   * returns where the rest of the frame starts.
   */
  private int completePending(byte[] bytes, int pos, int end, Consumer<HubMessage> sink) {
    long prefix;
    // The prefix itself may be split: feed it byte by byte (at most 5).
    while ((prefix = VarInt.read(pending.array(), 0, pending.size())) == VarInt.INCOMPLETE) {
      if (pos == end) return pos;
      pending.append(bytes, pos++, 1, VarInt.MAX_BYTES);
    }
    int headerSize = (int) (prefix >>> 32);
    int length = checkedLength(prefix);
    int missing = headerSize + length - pending.size();
    int take = Math.min(missing, end - pos);
    pending.append(bytes, pos, take, maxBuffered);
    pos += take;
    if (take == missing) {
      HubMessage message = parser.parse(pending.array(), headerSize, length);
      pending.clear();
      sink.accept(message);
    }
    return pos;
  }

  private int checkedLength(long prefix) {
    int length = (int) prefix;
    if (length > maxMessageSize) throw PendingBytes.oversized(maxMessageSize);
    if (length == 0) throw new HubProtocolException(MALFORMED, "Empty MessagePack message");
    return length;
  }
}
