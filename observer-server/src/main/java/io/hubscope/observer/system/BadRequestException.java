package io.hubscope.observer.system;

/** A request parameter the API cannot use; answered with a 400 problem detail and this message. */
public final class BadRequestException extends RuntimeException {

  private final String parameter;

  public BadRequestException(String message) {
    this(null, message);
  }

  /** {@code parameter}: the query parameter at fault, named in the problem detail. */
  public BadRequestException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  /** The query parameter at fault, or null when the fault is a combination of them. */
  public String parameter() {
    return parameter;
  }
}
