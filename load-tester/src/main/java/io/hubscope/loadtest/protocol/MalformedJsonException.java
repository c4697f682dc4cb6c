package io.hubscope.loadtest.protocol;

/** Bytes that are not the JSON a {@link JsonCursor} was asked to read. */
public final class MalformedJsonException extends RuntimeException {

  public MalformedJsonException(String message) {
    super(message);
  }
}
