package io.hubscope.hub.client;

/** An invocation or send could not complete because the connection closed first. */
public class HubConnectionClosedException extends RuntimeException {

  private final CloseInfo closeInfo;

  public HubConnectionClosedException(CloseInfo closeInfo) {
    super("Hub connection closed (" + closeInfo.reason()
        + (closeInfo.error() != null ? ": " + closeInfo.error() : "") + ")", closeInfo.cause());
    this.closeInfo = closeInfo;
  }

  public CloseInfo closeInfo() {
    return closeInfo;
  }
}
