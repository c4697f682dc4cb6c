package io.hubscope.forward.envelope;

/**
 * How a proxy's pooled connection proves to the app server that it knows the shared secret: both
 * sides of a forwarding link read this, so it lives beside the envelope they both speak. The proof
 * itself is made and checked by {@code io.hubscope.forward.trust.LinkProofs}.
 */
public final class LinkProof {

  /** Header carrying the proof token on the pooled connection's negotiate and WebSocket upgrade. */
  public static final String HEADER = "x-hubscope-forward";

  private LinkProof() {
  }
}
