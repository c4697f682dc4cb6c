package io.hubscope.hub.client;

import io.hubscope.hub.protocol.Handshake;
import io.hubscope.hub.protocol.HandshakeResponse;
import io.hubscope.hub.protocol.HubProtocolException;
import java.nio.ByteBuffer;
import reactor.core.publisher.MonoSink;

/**
 * The start of one connection on any transport: sends the handshake, reads the answer from the
 * first bytes that arrive, then hands every later byte to the {@link HubClientConnection} it
 * completes the connect with. Event loop only (but {@link #abort()}).
 */
final class HandshakeGate {

  private final ClientLink link;
  private final HubClientOptions options;
  private final Negotiator.Endpoint endpoint;
  private final MonoSink<HubClientConnection> connectSink;
  private final ClientHandshake handshake = new ClientHandshake();
  private HubClientConnection connection; // set once the handshake succeeded
  private volatile boolean failed; // also set by abort() from the timeout thread

  HandshakeGate(ClientLink link, HubClientOptions options, Negotiator.Endpoint endpoint,
      MonoSink<HubClientConnection> connectSink) {
    this.link = link;
    this.options = options;
    this.endpoint = endpoint;
    this.connectSink = connectSink;
  }

  /** Sends the handshake request: JSON text whatever the hub protocol. */
  void start() {
    link.writeHandshake(Handshake.request(options.protocol().name(), 1));
  }

  /** Bytes from the server, in order. */
  /** A read of the socket's frames starts: sends it causes may share the read's flush. */
  void readStarted() {
    if (connection != null) connection.outbound().readStarted();
  }

  /** The read is over: flush what it caused. */
  void readComplete() {
    if (connection != null) connection.outbound().readComplete();
  }

  void onBytes(ByteBuffer payload) {
    if (connection != null) {
      connection.onMessages(payload);
    } else if (!failed) {
      onHandshakeBytes(payload);
    }
  }

  private void onHandshakeBytes(ByteBuffer payload) {
    HandshakeResponse response;
    try {
      response = handshake.offer(payload);
    } catch (HubProtocolException | HubConnectException e) {
      fail(new HubConnectException("Bad handshake answer from " + endpoint.url() + ": " + e.getMessage(), e));
      return;
    }
    if (response == null) return;
    if (!response.isSuccess()) {
      fail(new HubConnectException("Handshake refused by " + endpoint.url() + ": " + response.error()));
      return;
    }
    connection = new HubClientConnection(link, options, endpoint.connectionId());
    connection.start();
    connectSink.success(connection); // subscribers register handlers here, before any message
    if (response.remaining().hasRemaining()) connection.onMessages(response.remaining());
  }

  /** The transport ended, normally ({@code error} null) or not. */
  void onClosed(Throwable error, String transport) {
    if (connection != null) {
      if (error == null) connection.onTransportClosed(); else connection.onTransportError(error);
    } else if (!failed) {
      failed = true;
      connectSink.error(new HubConnectException(transport + " to " + endpoint.url()
          + " closed before the handshake completed" + (error != null ? ": " + error : ""), error));
    }
  }

  /** The connect was cancelled (timeout or subscriber): drop the transport. */
  void abort() {
    failed = true;
    link.close();
  }

  private void fail(HubConnectException error) {
    failed = true;
    connectSink.error(error);
    link.close();
  }
}
