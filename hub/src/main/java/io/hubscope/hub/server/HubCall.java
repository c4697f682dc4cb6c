package io.hubscope.hub.server;

import io.hubscope.hub.connection.HubConnection;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** An invocation of a custom hub method (one added with {@link HubServer.Builder#method}). */
public record HubCall(HubConnection connection, String target, List<JsonNode> arguments) {}
