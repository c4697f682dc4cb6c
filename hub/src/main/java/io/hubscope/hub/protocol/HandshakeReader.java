package io.hubscope.hub.protocol;

import static io.hubscope.hub.protocol.HubProtocolException.Kind.BAD_HANDSHAKE;

import java.nio.ByteBuffer;

/**
 * Collects a client handshake that may arrive over several frames. One per connection, not
 * thread-safe; used until it returns a request, then dropped.
 */
public final class HandshakeReader {

  /** Real handshakes are about 35 bytes; anything much larger is not a handshake. */
  public static final int DEFAULT_MAX_SIZE = 4096;

  private final int maxSize;
  private final PendingBytes pending = new PendingBytes();

  public HandshakeReader() {
    this(DEFAULT_MAX_SIZE);
  }

  public HandshakeReader(int maxSize) {
    if (maxSize < 1) throw new IllegalArgumentException("maxSize < 1: " + maxSize);
    this.maxSize = maxSize;
  }

  /**
   * Adds a frame. Returns the request once its 0x1E has arrived (its {@code remaining} holds the
   * bytes after it, the first hub messages), or null while more bytes are needed.
   *
   * @throws HubProtocolException ({@code BAD_HANDSHAKE}) when the handshake is malformed or more
   *     than {@code maxSize} bytes arrive without a 0x1E
   */
  public HandshakeRequest read(ByteBuffer frame) {
    if (pending.isEmpty()) {
      HandshakeRequest request = Handshake.parseRequest(frame);
      if (request != null) return request;
    }
    FrameBytes in = FrameBytes.consume(frame);
    try {
      pending.append(in.array(), in.offset(), in.length(), maxSize + 1);
    } catch (HubProtocolException e) {
      throw new HubProtocolException(BAD_HANDSHAKE,
          "Bad handshake: no record separator within " + maxSize + " bytes");
    }
    ByteBuffer all = ByteBuffer.wrap(pending.array(), 0, pending.size());
    HandshakeRequest request = Handshake.parseRequest(all);
    if (request == null) return null;
    // Copy the tail out: the pending array is ours and may be reused.
    ByteBuffer rest = ByteBuffer.allocate(all.remaining()).put(all).flip();
    pending.clear();
    return new HandshakeRequest(request.protocol(), request.version(), rest);
  }
}
