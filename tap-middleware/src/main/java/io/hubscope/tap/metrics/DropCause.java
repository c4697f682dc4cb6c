package io.hubscope.tap.metrics;

/** Why the tap dropped an event; {@link #tag()} is the name on the wire and in metrics. */
public enum DropCause {
  /** The queue held its maximum count or bytes: the observer is slower than the hub. */
  QUEUE_FULL("queue_full"),
  /** No connection to the observer, or a batch failed or timed out on the way. */
  OBSERVER_DOWN("observer_down"),
  /** The event alone is bigger than a batch may be. */
  TOO_LARGE("too_large");

  private final String tag;

  DropCause(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
