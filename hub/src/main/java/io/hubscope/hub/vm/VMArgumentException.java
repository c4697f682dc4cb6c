package io.hubscope.hub.vm;

/** A client sent a value that cannot be converted to a property's or command argument's type. */
public final class VMArgumentException extends VMException {

  public VMArgumentException(String message, Throwable cause) {
    super("VMArgumentException", message, cause);
  }
}
