package io.hubscope.hub.vm;

import io.hubscope.hub.connection.ConnectionInfo;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a view-model factory (and a command handler) knows about the request: who asked, for
 * which view model, and with which arguments.
 *
 * @param connection the requesting connection (the origin client when forwarded by a proxy)
 * @param vmId the full view-model id as requested, e.g. {@code Master.Chat$room1}
 * @param typeName the registered type name, e.g. {@code Chat}
 * @param instanceId the part after {@code $}, or null
 * @param vmArg the request's {@code $vmArg} object (empty object when absent)
 * @param headers the request's {@code $headers} object (empty object when absent)
 * @param items the connection's mutable items, shared with the hub and its middlewares
 */
public record VMContext(
    ConnectionInfo connection,
    String vmId,
    String typeName,
    String instanceId,
    JsonNode vmArg,
    JsonNode headers,
    Map<String, Object> items) {

  public VMContext {
    if (connection == null) throw new IllegalArgumentException("connection == null");
    if (vmId == null) throw new IllegalArgumentException("vmId == null");
    vmArg = vmArg == null || !vmArg.isObject() ? VMJson.mapper().createObjectNode() : vmArg;
    headers = headers == null || !headers.isObject() ? VMJson.mapper().createObjectNode() : headers;
    items = items == null ? new java.util.concurrent.ConcurrentHashMap<>() : items;
  }

  public String connectionId() {
    return connection.id();
  }
}
