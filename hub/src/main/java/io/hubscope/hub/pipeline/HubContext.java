package io.hubscope.hub.pipeline;

import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.connection.HubConnection;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One view-model call travelling through the middleware pipeline (dotNetify's DotNetifyHubContext).
 * Middlewares may replace {@link #data()} or add to {@link #pipelineData()}; the connection's
 * {@link HubConnection#items()} outlive the call.
 */
public final class HubContext {

  private final HubConnection connection;
  private final CallType callType;
  private final String vmId;
  private JsonNode data;
  private JsonNode headers;
  private Principal principal;
  private Map<String, Object> pipelineData;

  public HubContext(HubConnection connection, CallType callType, String vmId, JsonNode data, JsonNode headers) {
    this.connection = connection;
    this.callType = callType;
    this.vmId = vmId;
    this.data = data;
    this.headers = headers;
  }

  public HubConnection connection() {
    return connection;
  }

  public ConnectionInfo connectionInfo() {
    return connection.info();
  }

  public String connectionId() {
    return connection.id();
  }

  public CallType callType() {
    return callType;
  }

  public String vmId() {
    return vmId;
  }

  /** Request: {@code {"$vmArg":..,"$headers":..}}; update: the changed properties; dispose: null. */
  public JsonNode data() {
    return data;
  }

  public void data(JsonNode data) {
    this.data = data;
  }

  /** The {@code $headers} the client sent with the request, or null. */
  public JsonNode headers() {
    return headers;
  }

  public void headers(JsonNode headers) {
    this.headers = headers;
  }

  /** The authenticated user a middleware established (for example from a JWT in the headers). */
  public Principal principal() {
    return principal;
  }

  public void principal(Principal principal) {
    this.principal = principal;
  }

  /** Data that middlewares pass along for this call only. */
  public Map<String, Object> pipelineData() {
    if (pipelineData == null) pipelineData = new HashMap<>();
    return pipelineData;
  }
}
