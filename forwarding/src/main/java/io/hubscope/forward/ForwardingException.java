package io.hubscope.forward;

import io.hubscope.hub.server.HubCallException;

/**
 * A forwarded call that failed before or instead of an answer from the upstream; the message goes
 * to the client in its invocation's completion, and the kind is counted.
 */
public final class ForwardingException extends HubCallException {
  public ForwardingException(String kind, String message) {
    super(kind, message);
  }
}
