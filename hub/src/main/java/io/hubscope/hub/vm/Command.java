package io.hubscope.hub.vm;

import java.util.function.BiConsumer;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/** A client-invocable action of a view model; its argument is converted to {@code argType}. */
record Command(String name, JavaType argType, BiConsumer<VMContext, Object> action) {

  /** Converts the client's argument; commands without an argument ignore whatever was sent. */
  Object convert(JsonNode arg) {
    if (argType == null) return null;
    try {
      return VMJson.convert(arg, argType);
    } catch (RuntimeException e) {
      throw new VMArgumentException("Invalid argument for '" + name + "' (expected "
          + argType.getRawClass().getSimpleName() + "): " + VMJson.shortMessage(e), e);
    }
  }
}
