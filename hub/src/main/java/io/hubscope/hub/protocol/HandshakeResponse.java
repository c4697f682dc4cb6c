package io.hubscope.hub.protocol;

import java.nio.ByteBuffer;

/**
 * The server's answer to a handshake: {@code error} is null on success. {@code remaining} holds the
 * bytes that followed the answer's 0x1E in the same frame, the first hub messages.
 */
public record HandshakeResponse(String error, ByteBuffer remaining) {

  public boolean isSuccess() {
    return error == null;
  }
}
