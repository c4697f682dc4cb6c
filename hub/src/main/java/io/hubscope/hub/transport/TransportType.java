package io.hubscope.hub.transport;

/**
 * The SignalR transports (TransportProtocols.md), by the names negotiate lists them under.
 * Server-Sent Events carry text only, so a MessagePack client cannot use them.
 */
public enum TransportType {
  WEB_SOCKETS("WebSockets", true),
  SERVER_SENT_EVENTS("ServerSentEvents", false),
  LONG_POLLING("LongPolling", true);

  private final String wireName;
  private final boolean binary;

  TransportType(String wireName, boolean binary) {
    this.wireName = wireName;
    this.binary = binary;
  }

  /** The name in negotiate's {@code availableTransports} and in {@code ConnectionInfo.transport()}. */
  public String wireName() {
    return wireName;
  }

  /** Whether the transport carries the {@code Binary} transfer format besides {@code Text}. */
  public boolean supportsBinary() {
    return binary;
  }
}
