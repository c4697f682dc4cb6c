package io.hubscope.hub.protocol;

/** Input that breaks the protocol. {@link #kind()} is a low-cardinality label for metrics. */
public class HubProtocolException extends RuntimeException {

  /** Why the input was refused; used as a metric tag. */
  public enum Kind {
    MALFORMED("malformed"),
    OVERSIZED("oversized"),
    UNSUPPORTED_MESSAGE("unsupported_message"),
    BAD_HANDSHAKE("bad_handshake"),
    WRONG_FRAME_TYPE("wrong_frame_type");

    private final String tag;

    Kind(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  private final Kind kind;

  public HubProtocolException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public HubProtocolException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
