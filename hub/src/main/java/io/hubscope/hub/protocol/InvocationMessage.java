package io.hubscope.hub.protocol;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Type 1. {@code invocationId} is null for a non-blocking invocation (no completion expected).
 *
 * <p>Arguments are trees, except for an invocation of a decoded method read by the JSON protocol:
 * then {@code decodedArguments} holds what its {@link ArgumentDecoder} made of them and
 * {@code arguments} is empty. {@code decodedArguments} is null otherwise.
 */
public record InvocationMessage(String invocationId, String target, List<JsonNode> arguments,
    List<Object> decodedArguments) implements HubMessage {

  public InvocationMessage {
    if (target == null) throw new IllegalArgumentException("target == null");
    if (decodedArguments != null && arguments != null && !arguments.isEmpty()) {
      throw new IllegalArgumentException("both tree and decoded arguments");
    }
    arguments = arguments == null ? List.of() : arguments;
  }

  /** An invocation with tree arguments. */
  public InvocationMessage(String invocationId, String target, List<JsonNode> arguments) {
    this(invocationId, target, arguments, null);
  }

  /** An invocation whose arguments were decoded as they were read. */
  public static InvocationMessage decoded(String invocationId, String target, List<Object> arguments) {
    if (arguments == null) throw new IllegalArgumentException("arguments == null");
    return new InvocationMessage(invocationId, target, List.of(), arguments);
  }

  /** Whether the arguments are decoded values ({@link #decodedArguments()}) rather than trees. */
  public boolean isDecoded() {
    return decodedArguments != null;
  }

  @Override
  public int type() {
    return 1;
  }
}
