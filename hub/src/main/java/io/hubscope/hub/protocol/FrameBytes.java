package io.hubscope.hub.protocol;

import java.nio.ByteBuffer;

/** A view of a frame's readable bytes as an array slice, copying only for direct buffers. */
record FrameBytes(byte[] array, int offset, int length) {

  /** Takes every remaining byte of {@code frame}, leaving its position at its limit. */
  static FrameBytes consume(ByteBuffer frame) {
    int length = frame.remaining();
    if (frame.hasArray()) {
      FrameBytes bytes = new FrameBytes(frame.array(), frame.arrayOffset() + frame.position(), length);
      frame.position(frame.limit());
      return bytes;
    }
    byte[] copy = new byte[length];
    frame.get(copy);
    return new FrameBytes(copy, 0, length);
  }

  int end() {
    return offset + length;
  }
}
