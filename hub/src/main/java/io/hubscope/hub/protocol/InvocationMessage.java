package io.hubscope.hub.protocol;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Type 1. {@code invocationId} is null for a non-blocking invocation (no completion expected). */
public record InvocationMessage(String invocationId, String target, List<JsonNode> arguments)
    implements HubMessage {

  public InvocationMessage {
    if (target == null) throw new IllegalArgumentException("target == null");
    arguments = arguments == null ? List.of() : arguments;
  }

  @Override
  public int type() {
    return 1;
  }
}
