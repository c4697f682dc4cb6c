package io.hubscope.hub.protocol;

import java.nio.ByteBuffer;

/**
 * A client's handshake: the hub protocol it wants and its version. {@code remaining} holds the bytes
 * that followed the handshake's 0x1E in the same frame (clients may send their first messages
 * right behind it); it is empty when there were none.
 */
public record HandshakeRequest(String protocol, int version, ByteBuffer remaining) {
}
