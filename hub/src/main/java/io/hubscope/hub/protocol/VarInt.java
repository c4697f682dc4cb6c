package io.hubscope.hub.protocol;

import static io.hubscope.hub.protocol.HubProtocolException.Kind.MALFORMED;

/**
 * The MessagePack framing's length prefix: an unsigned 32-bit length in 7-bit groups, least
 * significant group first, high bit set on every byte but the last; at most 5 bytes.
 */
final class VarInt {

  static final int MAX_BYTES = 5;

  /** Returned by {@link #read} while the prefix is still incomplete. */
  static final long INCOMPLETE = -1;

  private VarInt() {
  }

  /** Bytes needed to encode {@code value} (non-negative). */
  static int size(int value) {
    int size = 1;
    while ((value >>>= 7) != 0) size++;
    return size;
  }

  /** Writes {@code value} at {@code offset}; returns the number of bytes written. */
  static int write(int value, byte[] dst, int offset) {
    int i = offset;
    while ((value & ~0x7F) != 0) {
      dst[i++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    dst[i++] = (byte) value;
    return i - offset;
  }

  /**
   * Reads a prefix from {@code bytes[offset, end)}. Returns {@link #INCOMPLETE} when it is cut off,
   * otherwise {@code (prefixBytes << 32) | length}.
   */
  static long read(byte[] bytes, int offset, int end) {
    long length = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (offset + i >= end) return INCOMPLETE;
      int b = bytes[offset + i] & 0xFF;
      length |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (length > Integer.MAX_VALUE) {
          throw new HubProtocolException(MALFORMED, "Message length prefix exceeds 2^31-1");
        }
        return ((long) (i + 1) << 32) | length;
      }
    }
    throw new HubProtocolException(MALFORMED, "Message length prefix is longer than 5 bytes");
  }
}
