package io.hubscope.hub.protocol;

/** Type 6, the keep-alive. */
public record PingMessage() implements HubMessage {
  public static final PingMessage INSTANCE = new PingMessage();

  @Override
  public int type() {
    return 6;
  }
}
