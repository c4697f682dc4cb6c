package io.hubscope.hub.operations;

/** A {@link HubOperations} call refused before it touched anything, with a sentence for the caller. */
public final class OperationRefusedException extends RuntimeException {

  /** Why: each maps to one answer (a REST status, a command result). */
  public enum Kind {
    /** A missing or malformed argument (not a JSON object, a blank name, a name too long). */
    INVALID,
    /** The properties to push are larger than the configured cap. */
    TOO_LARGE,
    /** No such client connection on this node. */
    NOT_FOUND,
    /** A per-connection bound (groups per connection) would be passed. */
    LIMIT
  }

  private final Kind kind;

  public OperationRefusedException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
