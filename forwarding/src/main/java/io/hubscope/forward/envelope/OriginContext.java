package io.hubscope.forward.envelope;

import io.hubscope.hub.connection.ConnectionInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The original client of a forwarded call, as the envelope's {@code $fwdConnContext} carries it:
 * enough for the app server to build a logical connection that looks exactly like a direct client.
 *
 * @param connectionId the id the proxy gave the client
 * @param nodeId the proxy process that holds the client (name plus a per-process suffix)
 * @param remoteIp the client IP as the proxy resolved it
 * @param remotePort the client port, 0 when unknown
 * @param userAgent the client's User-Agent
 * @param headers the request headers the proxy is allowed to pass on (lower-case names)
 * @param protocol the hub protocol the client speaks to the proxy
 * @param transport the transport the client reached the proxy by ({@code WebSockets} when the
 *     context does not say, as older proxies' do not)
 * @param connectedAt when the client connected to the proxy, epoch milliseconds
 */
public record OriginContext(String connectionId, String nodeId, String remoteIp, int remotePort, String userAgent,
    Map<String, String> headers, String protocol, String transport, long connectedAt) {

  public OriginContext {
    if (connectionId == null || connectionId.isEmpty()) throw new IllegalArgumentException("connectionId is empty");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    transport = transport == null || transport.isEmpty() ? "WebSockets" : transport;
  }

  /** The context of a local client, keeping only the allowed headers. */
  public static OriginContext of(ConnectionInfo info, String nodeId, Set<String> allowedHeaders, long connectedAt) {
    Map<String, String> headers = new LinkedHashMap<>();
    info.headers().forEach((name, value) -> {
      if (allowedHeaders.contains(name)) headers.put(name, value);
    });
    return new OriginContext(info.id(), nodeId, info.remoteIp(), info.remotePort(), info.userAgent(), headers,
        info.protocol(), info.transport(), connectedAt);
  }

  /** What the app server's logical connection reports: the client's own id, address and agent. */
  public ConnectionInfo toConnectionInfo() {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (!userAgent.isEmpty()) all.putIfAbsent("user-agent", userAgent);
    return new ConnectionInfo(connectionId, remoteIp, remotePort, userAgent, all, transport, protocol);
  }

  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("connectionId", connectionId);
    node.put("nodeId", nodeId);
    node.put("remoteIp", remoteIp);
    node.put("remotePort", remotePort);
    node.put("userAgent", userAgent);
    ObjectNode h = node.putObject("headers");
    headers.forEach(h::put);
    if (protocol != null) node.put("protocol", protocol);
    node.put("transport", transport);
    node.put("timestamp", connectedAt);
    return node;
  }

  /** Reads a context; a malformed one fails with a message that says which field is wrong. */
  public static OriginContext fromJson(JsonNode node) {
    if (node == null || !node.isObject()) throw new EnvelopeException("$fwdConnContext must be an object");
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode h = node.get("headers");
    if (h != null && h.isObject()) {
      for (Map.Entry<String, JsonNode> e : h.properties()) headers.put(e.getKey(), e.getValue().asString());
    }
    return new OriginContext(text(node, "connectionId", true), text(node, "nodeId", false),
        text(node, "remoteIp", false), node.path("remotePort").asInt(0), text(node, "userAgent", false), headers,
        text(node, "protocol", false), text(node, "transport", false), node.path("timestamp").asLong(0));
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) throw new EnvelopeException("$fwdConnContext." + field + " is missing");
      return "";
    }
    if (!v.isString()) throw new EnvelopeException("$fwdConnContext." + field + " must be a string");
    return v.asString();
  }
}
