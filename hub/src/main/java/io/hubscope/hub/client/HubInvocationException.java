package io.hubscope.hub.client;

/** The server completed an invocation with an error; the message is the server's error text. */
public class HubInvocationException extends RuntimeException {

  private final String target;

  public HubInvocationException(String target, String error) {
    super(error);
    this.target = target;
  }

  /** The hub method that failed. */
  public String target() {
    return target;
  }
}
