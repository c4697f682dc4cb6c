package io.hubscope.hub.client;

import java.util.Arrays;

/** Collects chunks of an HTTP body up to a bound, so a hostile server cannot make the client buffer without end. */
final class BoundedBytes {

  private final int max;
  private byte[] bytes = new byte[0];
  private int size;

  BoundedBytes(int max) {
    this.max = max;
  }

  /** Appends {@code chunk}; false (and nothing appended) when it would pass the bound. */
  boolean add(byte[] chunk) {
    if (chunk.length > max - size) return false;
    if (size + chunk.length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(size + chunk.length, bytes.length * 2 + 256)));
    }
    System.arraycopy(chunk, 0, bytes, size, chunk.length);
    size += chunk.length;
    return true;
  }

  byte[] toArray() {
    return Arrays.copyOf(bytes, size);
  }
}
