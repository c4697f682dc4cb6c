package io.hubscope.forward.envelope;

/**
 * How a proxy's pooled connection proves to the app server that it knows the shared secret: both
 * sides of a forwarding link read these, so they live beside the envelope they both speak.
 */
public final class LinkProof {

  /** Header carrying the proof token on the pooled connection's negotiate and WebSocket upgrade. */
  public static final String HEADER = "x-hubscope-forward";
  /** Audience of the proof token. */
  public static final String AUDIENCE = "hubscope-upstream";

  private LinkProof() {
  }
}
