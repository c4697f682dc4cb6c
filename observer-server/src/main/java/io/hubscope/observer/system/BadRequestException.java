package io.hubscope.observer.system;

/** A request parameter the API cannot use; answered with 400 and this message. */
public final class BadRequestException extends RuntimeException {

  public BadRequestException(String message) {
    super(message);
  }
}
