package io.hubscope.observer.system;

/** A resource (connection, node) the observer does not know; answered with 404. */
public final class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
