package io.hubscope.forward;

import io.hubscope.hub.server.HubCallException;

/**
 * A forwarded call that failed before or instead of an answer from the upstream; the message goes
 * to the client in its invocation's completion, and the kind is counted.
 */
public final class ForwardingException extends HubCallException {
  private final Refusal refusal;

  public ForwardingException(Refusal refusal, String message) {
    super(refusal.tag(), message);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
