package io.hubscope.hub.protocol;

import java.util.Arrays;

/**
 * The unfinished tail of a message that arrived split across frames. It grows only on demand and
 * refuses to grow past the size limit, so a peer that never terminates a message cannot make us
 * hold more than {@code maxMessageSize} bytes for it.
 */
final class PendingBytes {

  private static final byte[] EMPTY = new byte[0];

  private byte[] bytes = EMPTY;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  byte[] array() {
    return bytes;
  }

  int capacity() {
    return bytes.length;
  }

  /**
   * Appends {@code len} bytes, refusing with {@link HubProtocolException.Kind#OVERSIZED} when the
   * result would pass {@code limit}; nothing is copied in that case.
   */
  void append(byte[] src, int off, int len, int limit) {
    if ((long) size + len > limit) {
      throw oversized(limit);
    }
    if (size + len > bytes.length) {
      // Double up to the limit: amortized copies without reserving the whole limit per connection.
      int grown = (int) Math.min(limit, Math.max(size + len, Math.max(64L, bytes.length * 2L)));
      bytes = Arrays.copyOf(bytes, grown);
    }
    System.arraycopy(src, off, bytes, size, len);
    size += len;
  }

  /** Forgets the content and, when it held a large message, the big array with it. */
  void clear() {
    size = 0;
    if (bytes.length > 64 * 1024) {
      bytes = EMPTY;
    }
  }

  static HubProtocolException oversized(int limit) {
    return new HubProtocolException(HubProtocolException.Kind.OVERSIZED,
        "Message is larger than the maximum message size of " + limit + " bytes");
  }
}
