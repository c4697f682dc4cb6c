package io.hubscope.hub.client;

/**
 * Connecting failed: negotiation was refused or malformed, the redirect limit was passed, the
 * server offers no WebSocket transport, or the handshake was refused or timed out.
 */
public class HubConnectException extends RuntimeException {

  public HubConnectException(String message) {
    super(message);
  }

  public HubConnectException(String message, Throwable cause) {
    super(message, cause);
  }
}
