package io.hubscope.hub.protocol;

/** Type 5. */
public record CancelInvocationMessage(String invocationId) implements HubMessage {
  @Override
  public int type() {
    return 5;
  }
}
