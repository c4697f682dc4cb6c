package io.hubscope.forward.envelope;

import io.hubscope.hub.server.HubCallException;

/** A forwarding envelope that does not follow the contract; the sender gets the message back. */
public final class EnvelopeException extends HubCallException {
  public EnvelopeException(String message) {
    super("bad_envelope", "Bad forwarding envelope: " + message);
  }
}
