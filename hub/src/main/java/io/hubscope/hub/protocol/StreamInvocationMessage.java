package io.hubscope.hub.protocol;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Type 4. Parsed so that the hub can answer it with a completion carrying a clear error. */
public record StreamInvocationMessage(String invocationId, String target, List<JsonNode> arguments)
    implements HubMessage {
  @Override
  public int type() {
    return 4;
  }
}
