package io.hubscope.hub.protocol;

import tools.jackson.databind.JsonNode;

/** Type 2. Parsed so that the hub can refuse streaming with a clear error. */
public record StreamItemMessage(String invocationId, JsonNode item) implements HubMessage {
  @Override
  public int type() {
    return 2;
  }
}
