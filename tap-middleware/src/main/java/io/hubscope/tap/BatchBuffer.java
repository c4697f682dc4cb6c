package io.hubscope.tap;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The sender's batch bytes, kept from batch to batch: a batch is up to a few hundred kilobytes,
 * and building each in fresh, growing chunks and copying them into one array cost the sender a
 * sixth of its CPU samples and most of its allocation. Grows by doubling; {@link #reset} lets go of an
 * array that one unusually large batch (a resync) grew past twice the usual size. Sender thread only.
 */
final class BatchBuffer extends OutputStream {

  private static final int INITIAL = 16 * 1024;

  private byte[] bytes = new byte[INITIAL];
  private int size;

  /** Empties the buffer for the next batch; an array larger than twice {@code usual} is dropped. */
  void reset(long usual) {
    size = 0;
    if (bytes.length > 2 * usual && bytes.length > INITIAL) bytes = new byte[INITIAL];
  }

  /** The array; its first {@link #size} bytes are the batch. */
  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  private void ensure(int more) {
    long needed = (long) size + more;
    if (needed <= bytes.length) return;
    if (needed > Integer.MAX_VALUE - 8) throw new IllegalStateException("batch larger than an array: " + needed);
    bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * bytes.length)));
  }
}
