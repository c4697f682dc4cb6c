package io.hubscope.hub.server;

/** A refused hub call; its message goes back to the client in the completion's error. */
public class HubCallException extends RuntimeException {

  private final String kind;

  /** @param kind a low-cardinality metric label, such as {@code unknown_target} */
  public HubCallException(String kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public String kind() {
    return kind;
  }
}
