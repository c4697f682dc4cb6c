package io.hubscope.hub.limit;

/**
 * A call was refused because it would pass a {@link Limit}. The message says which bound and what
 * the client can do; the hub completes the invocation with it and counts the refusal.
 */
public final class LimitExceededException extends RuntimeException {

  private final Limit limit;

  public LimitExceededException(Limit limit, String message) {
    super(message, null, false, false);
    this.limit = limit;
  }

  public Limit limit() {
    return limit;
  }
}
