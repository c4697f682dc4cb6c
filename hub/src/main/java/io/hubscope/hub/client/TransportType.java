package io.hubscope.hub.client;

/** The SignalR transports a {@link HubClient} can connect with. */
public enum TransportType {
  /** One WebSocket each way; text or binary frames. The default, and the fastest. */
  WEB_SOCKETS("WebSockets"),
  /** Server-Sent Events from the server, HTTP POSTs to it; text only (the JSON protocol). */
  SERVER_SENT_EVENTS("ServerSentEvents"),
  /** Long polls from the server, HTTP POSTs to it; text or binary. */
  LONG_POLLING("LongPolling");

  private final String wireName;

  TransportType(String wireName) {
    this.wireName = wireName;
  }

  /** The name negotiate uses in {@code availableTransports}. */
  public String wireName() {
    return wireName;
  }

  /** Whether the transport carries binary hub protocols such as MessagePack. */
  public boolean carriesBinary() {
    return this != SERVER_SENT_EVENTS;
  }
}
