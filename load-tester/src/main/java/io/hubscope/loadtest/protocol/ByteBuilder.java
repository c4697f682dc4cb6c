package io.hubscope.loadtest.protocol;

import java.util.Arrays;

/** A growable byte array for building or decoding one message at a time; reused, never shrunk below its start size. */
public final class ByteBuilder {

  private byte[] bytes;
  private int size;

  public ByteBuilder(int capacity) {
    this.bytes = new byte[Math.max(16, capacity)];
  }

  public byte[] array() {
    return bytes;
  }

  public int size() {
    return size;
  }

  public void clear() {
    size = 0;
  }

  public void append(byte b) {
    ensure(1);
    bytes[size++] = b;
  }

  public void append(byte[] src, int offset, int length) {
    ensure(length);
    System.arraycopy(src, offset, bytes, size, length);
    size += length;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
  }
}
