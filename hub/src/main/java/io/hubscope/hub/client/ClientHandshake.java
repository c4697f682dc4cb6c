package io.hubscope.hub.client;

import io.hubscope.hub.protocol.Handshake;
import io.hubscope.hub.protocol.HandshakeResponse;
import java.nio.ByteBuffer;

/**
 * Collects the server's handshake answer, which almost always arrives in one frame but may be split;
 * only a split answer is copied. Used on the event loop only.
 */
final class ClientHandshake {

  private static final int MAX_SIZE = 4096;

  private byte[] buffered;

  /** The answer once its 0x1E has arrived (its remaining bytes are the first messages), else null. */
  HandshakeResponse offer(ByteBuffer frame) {
    if (buffered == null) {
      HandshakeResponse response = Handshake.parseResponse(frame);
      if (response != null) return response;
      buffered = new byte[0];
    }
    byte[] joined = new byte[buffered.length + frame.remaining()];
    System.arraycopy(buffered, 0, joined, 0, buffered.length);
    frame.get(joined, buffered.length, frame.remaining());
    buffered = joined;
    HandshakeResponse response = Handshake.parseResponse(ByteBuffer.wrap(joined));
    if (response == null && joined.length > MAX_SIZE) {
      throw new HubConnectException("The server's handshake answer has no record separator within "
          + MAX_SIZE + " bytes; is this a SignalR hub?");
    }
    return response;
  }
}
