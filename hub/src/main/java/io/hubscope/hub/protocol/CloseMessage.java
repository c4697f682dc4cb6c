package io.hubscope.hub.protocol;

/** Type 7. {@code error} is null for a normal close; the hub always sets a reason when it closes. */
public record CloseMessage(String error, boolean allowReconnect) implements HubMessage {
  @Override
  public int type() {
    return 7;
  }
}
