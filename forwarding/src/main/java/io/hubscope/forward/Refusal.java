package io.hubscope.forward;

/**
 * Why a forwarded call failed before or instead of an answer from the upstream. The tag is what
 * the client reads as the error kind and what the metrics count.
 */
public enum Refusal {
  /** No upstream connection is up. */
  NO_UPSTREAM("no_upstream"),
  /** The pooled connection already carries its bound of calls waiting for an answer. */
  QUEUE_FULL("queue_full"),
  /** The upstream did not answer within the call timeout. */
  TIMEOUT("timeout"),
  /** The pooled connection died after the call was sent; it may or may not have run. */
  UPSTREAM_LOST("upstream_lost"),
  /** The upstream answered with an error. */
  UPSTREAM_ERROR("upstream_error");

  private final String tag;

  Refusal(String tag) {
    this.tag = tag;
  }

  /** Lowercase name used on the wire and as a metric tag. */
  public String tag() {
    return tag;
  }
}
