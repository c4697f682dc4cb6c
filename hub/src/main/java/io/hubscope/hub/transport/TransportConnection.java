package io.hubscope.hub.transport;

import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.transport.reconnect.InboundSequence;

/**
 * A client connection held by this node's transport (WebSocket, Server-Sent Events or Long
 * Polling): what {@link MessageIntake} and {@link HubEndpoint} need from it, whatever carries the
 * frames. View models, middlewares, groups and the tap see only {@link HubConnection}.
 */
interface TransportConnection extends HubConnection {

  /** The client IP whose per-IP slot this connection holds (null: none). */
  String slotIp();

  /** The hub protocol chosen in the handshake, null before it. */
  HubProtocol protocol();

  /** The handshake chose {@code protocol} in {@code version} (2: stateful reconnect, when negotiated). */
  void handshaken(HubProtocol protocol, int version);

  /** Counts the client's trackable messages when the connection is stateful; null otherwise. */
  default InboundSequence inbound() {
    return null;
  }

  /** The client acknowledged every message up to {@code sequenceId}; only stateful connections keep any. */
  default void acked(long sequenceId) {
  }

  /** A frame outside the hub protocol: the handshake answer (always JSON text). */
  void sendRaw(byte[] bytes, boolean binary);

  /** The client said goodbye with a Close message: end without answering in kind. */
  void closedByClient();

  boolean isClosing();

  /** Called about once a second: handshake deadline, keep-alive ping, client timeout. */
  void sweep(long now, TransportSettings settings);

  /** False for a text-only transport (Server-Sent Events), which refuses a binary hub protocol. */
  default boolean supportsBinary() {
    return true;
  }
}
