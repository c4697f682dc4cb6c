package io.hubscope.hub.client;

/**
 * Why a {@link HubClientConnection} closed. {@code error} is the server's Close message error, the
 * transport or protocol failure's message, or null for a clean close; {@code allowReconnect} is the
 * server's hint from its Close message (false otherwise); {@code cause} is set for failures.
 */
public record CloseInfo(Reason reason, String error, boolean allowReconnect, Throwable cause) {

  /** Who or what ended the connection. */
  public enum Reason {
    /** The server sent a Close message. */
    SERVER_CLOSE,
    /** The WebSocket closed without a Close message. */
    TRANSPORT_CLOSED,
    /** The WebSocket failed. */
    TRANSPORT_ERROR,
    /** The server sent something that breaks the hub protocol. */
    PROTOCOL_ERROR,
    /** Nothing arrived from the server within the server timeout. */
    TIMEOUT,
    /** {@link HubClientConnection#close()} was called. */
    LOCAL_CLOSE
  }

  static CloseInfo local() {
    return new CloseInfo(Reason.LOCAL_CLOSE, null, false, null);
  }

  static CloseInfo failure(Reason reason, Throwable cause) {
    String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    return new CloseInfo(reason, message, false, cause);
  }
}
