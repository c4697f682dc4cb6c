package io.hubscope.hub.client;

import io.netty.channel.EventLoop;
import java.util.function.Consumer;

/**
 * What carries one hub connection's bytes: a WebSocket, or the HTTP requests of Server-Sent Events
 * and long polling. A {@link HubClientConnection} only talks to its link, so it cannot tell them
 * apart. Every method but {@link #eventLoop()} is called on that event loop.
 */
interface ClientLink {

  /** The one event loop the connection's state lives on. */
  EventLoop eventLoop();

  /** Whether bytes written now can still reach the server. */
  boolean isActive();

  /** Writes one encoded hub message; {@code onWritten}, if not null, learns when it went out or failed. */
  void write(byte[] payload, Consumer<Throwable> onWritten);

  /** Sends the handshake request, which is JSON text whatever the hub protocol. */
  default void writeHandshake(byte[] request) {
    write(request, null);
    flush();
  }

  /** Sends what {@link #write} collected. */
  void flush();

  /** Ends the transport after what was written (a Close frame, or {@code DELETE} for HTTP transports). */
  void close();

  /** Runs {@code listener} once the transport is closed (at once if it already is). */
  void whenClosed(Runnable listener);
}
