package io.hubscope.hub.protocol;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Type 1. {@code invocationId} is null for a non-blocking invocation (no completion expected).
 *
 * <p>Arguments are trees, except for an invocation of a raw method read by the JSON protocol:
 * then {@code rawArguments} holds them as JSON text and {@code arguments} is empty (see
 * {@link JsonBytes}). {@code rawArguments} is null otherwise.
 */
public record InvocationMessage(String invocationId, String target, List<JsonNode> arguments,
    List<JsonBytes> rawArguments) implements HubMessage {

  public InvocationMessage {
    if (target == null) throw new IllegalArgumentException("target == null");
    if (rawArguments != null && arguments != null && !arguments.isEmpty()) {
      throw new IllegalArgumentException("both tree and raw arguments");
    }
    arguments = arguments == null ? List.of() : arguments;
  }

  /** An invocation with tree arguments. */
  public InvocationMessage(String invocationId, String target, List<JsonNode> arguments) {
    this(invocationId, target, arguments, null);
  }

  /** An invocation whose arguments are JSON text. */
  public static InvocationMessage raw(String invocationId, String target, List<JsonBytes> arguments) {
    if (arguments == null) throw new IllegalArgumentException("arguments == null");
    return new InvocationMessage(invocationId, target, List.of(), arguments);
  }

  /** Whether the arguments are JSON text ({@link #rawArguments()}) rather than trees. */
  public boolean isRaw() {
    return rawArguments != null;
  }

  @Override
  public int type() {
    return 1;
  }
}
