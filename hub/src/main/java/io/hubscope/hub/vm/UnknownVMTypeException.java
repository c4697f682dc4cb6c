package io.hubscope.hub.vm;

/** A client requested a view model whose type is not registered (or whose id is malformed). */
public final class UnknownVMTypeException extends VMException {

  public UnknownVMTypeException(String vmId) {
    // dotNetify's wording, pointing at our registration API instead of RegisterAssembly.
    super("UnknownVMTypeException",
        "'" + vmId + "' is not a known view model! Its type must be registered through VMRegistry.register.",
        null);
  }
}
