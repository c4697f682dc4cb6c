package io.hubscope.hub.redis;

import io.hubscope.hub.connection.ConnectionInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link Envelope}s as compact JSON (one-letter keys, absent fields left out), bounded in size both
 * ways: a larger one is refused when sent and dropped when received.
 */
final class EnvelopeCodec {

  private final JsonMapper mapper = JsonMapper.builder().build();
  private final int maxSize;

  EnvelopeCodec(int maxSize) {
    this.maxSize = maxSize;
  }

  /** @throws IllegalArgumentException when the message is larger than the bound */
  String write(Envelope e) {
    ObjectNode n = mapper.createObjectNode();
    n.put("k", e.kind().name());
    n.put("s", e.server());
    putIf(n, "l", e.lease());
    putIf(n, "v", e.vmId());
    putIf(n, "g", e.group());
    if (e.connection() != null) n.set("c", connection(e.connection()));
    if (e.vmArg() != null) n.set("a", e.vmArg());
    if (e.headers() != null) n.set("h", e.headers());
    if (e.data() != null) n.set("d", e.data());
    putIf(n, "m", e.vmData());
    if (!e.excluded().isEmpty()) {
      ArrayNode x = n.putArray("x");
      e.excluded().forEach(x::add);
    }
    if (e.call() != 0) n.put("r", e.call());
    putIf(n, "et", e.errorType());
    putIf(n, "em", e.errorMessage());
    putIf(n, "t", e.target());
    if (!e.args().isEmpty()) {
      ArrayNode args = n.putArray("p");
      e.args().forEach(args::add);
    }
    String json = mapper.writeValueAsString(n);
    if (json.length() > maxSize) {
      throw new IllegalArgumentException(e.kind() + " message of " + json.length() + " characters exceeds " + maxSize);
    }
    return json;
  }

  /** @throws IllegalArgumentException when the message is too large or malformed */
  Envelope read(String json) {
    if (json.length() > maxSize) {
      throw new IllegalArgumentException("message of " + json.length() + " characters exceeds " + maxSize);
    }
    try {
      JsonNode n = mapper.readTree(json);
      List<String> excluded = new ArrayList<>();
      n.path("x").forEach(id -> excluded.add(id.asString()));
      List<JsonNode> args = new ArrayList<>();
      n.path("p").forEach(args::add);
      return new Envelope(Envelope.Kind.valueOf(n.path("k").asString()), text(n, "s"), text(n, "l"), text(n, "v"),
          text(n, "g"), connection(n.get("c")), n.get("a"), n.get("h"), n.get("d"), text(n, "m"), excluded,
          n.path("r").asLong(0), text(n, "et"), text(n, "em"), text(n, "t"), args);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed cluster message: " + e.getMessage(), e);
    }
  }

  private ObjectNode connection(ConnectionInfo c) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", c.id());
    if (!c.remoteIp().isEmpty()) n.put("ip", c.remoteIp());
    if (c.remotePort() != 0) n.put("port", c.remotePort());
    if (!c.userAgent().isEmpty()) n.put("ua", c.userAgent());
    if (!c.headers().isEmpty()) {
      ObjectNode headers = n.putObject("h");
      c.headers().forEach(headers::put);
    }
    n.put("tr", c.transport());
    putIf(n, "pr", c.protocol());
    return n;
  }

  private static ConnectionInfo connection(JsonNode n) {
    if (n == null || !n.isObject()) return null;
    Map<String, String> headers = new LinkedHashMap<>();
    n.path("h").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asString()));
    return new ConnectionInfo(n.path("id").asString(), text(n, "ip"), n.path("port").asInt(0), text(n, "ua"),
        headers, text(n, "tr"), text(n, "pr"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }

  private static void putIf(ObjectNode n, String field, String value) {
    if (value != null) n.put(field, value);
  }
}
