package io.hubscope.hub.connection;

/** Why a connection closed; {@link #tag()} is the low-cardinality label used in metrics and the tap. */
public enum CloseReason {
  /** The client closed, or the application closed it on purpose. */
  NORMAL("normal"),
  /** The client sent nothing (not even a ping) within the client timeout, or no handshake in time. */
  CLIENT_TIMEOUT("client_timeout"),
  /** The client broke the protocol (malformed or oversized message, bad handshake). */
  PROTOCOL_ERROR("protocol_error"),
  /** The client did not read fast enough and its outbound buffer passed the limit. */
  SLOW_CONSUMER("slow_consumer"),
  /** The server is shutting down. */
  SERVER_SHUTDOWN("server_shutdown"),
  /** The forwarding link that carried this logical connection went away. */
  UPSTREAM_LOST("upstream_lost"),
  /** A stateful reconnect client left more unacknowledged messages than its replay buffer holds. */
  REPLAY_BUFFER_FULL("replay_buffer_full"),
  /** A stateful reconnect client whose socket dropped did not come back within the grace period. */
  RECONNECT_TIMEOUT("reconnect_timeout"),
  /** An operator (dashboard or REST API) closed it; the client is told not to reconnect. */
  OPERATOR("operator"),
  /** The node is draining: the client is asked to reconnect, and its negotiate sends it elsewhere. */
  DRAINED("drained");

  private final String tag;

  CloseReason(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }

  /** Whether the Close message tells the client to reconnect ({@code allowReconnect}). */
  public boolean allowReconnect() {
    return this == DRAINED;
  }
}
