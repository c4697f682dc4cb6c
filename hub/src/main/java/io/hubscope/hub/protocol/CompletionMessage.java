package io.hubscope.hub.protocol;

import tools.jackson.databind.JsonNode;

/**
 * Type 3. Exactly one of: an error, a result ({@code hasResult}), or neither (void completion).
 */
public record CompletionMessage(String invocationId, String error, JsonNode result, boolean hasResult)
    implements HubMessage {

  public static CompletionMessage ofVoid(String invocationId) {
    return new CompletionMessage(invocationId, null, null, false);
  }

  public static CompletionMessage ofResult(String invocationId, JsonNode result) {
    return new CompletionMessage(invocationId, null, result, true);
  }

  public static CompletionMessage ofError(String invocationId, String error) {
    return new CompletionMessage(invocationId, error, null, false);
  }

  @Override
  public int type() {
    return 3;
  }
}
