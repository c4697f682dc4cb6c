package io.hubscope.forward.envelope;

import io.hubscope.hub.pipeline.CallType;
import io.hubscope.hub.protocol.InvocationMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The forwarding envelope (documented in tap-middleware/README.md). Shaped after dotNetify's
 * {@code Invoke(methodName, methodArgs, metadata)} so the two read alike, with metadata as JSON
 * objects rather than JSON strings inside JSON.
 *
 * <p>Proxy to app: the hub method {@value #INVOKE} with {@code [method, [args...], meta]}, where meta
 * holds {@value #CONTEXT} (the first call of a client on a pooled connection) or {@value #CONN_ID}
 * (every later one), and {@value #PROXY_STATUS} with the proxy's node id, URL and client count.
 *
 * <p>App to proxy: {@value #CARRIER} invocations with {@code [op, [args...], meta]}: the op says
 * whom to deliver the inner message to.
 */
public final class Envelope {

  /** Hub method on the app server that carries client calls. */
  public static final String INVOKE = "Invoke";
  /** Hub method on the app server where a proxy reports itself. */
  public static final String PROXY_STATUS = "ProxyStatus";
  /** The method of an {@value #INVOKE} that says a client left the proxy. */
  public static final String DISCONNECTED = "OnDisconnectedAsync";
  public static final String CONTEXT = "$fwdConnContext";
  public static final String CONN_ID = "$fwdConnId";

  /**
   * Target of everything the app server sends down a pooled connection: the envelope's carrier,
   * not a view-model push (it wraps pushes and every other message alike). The wire name is
   * dotNetify's forwarding contract, which happens to reuse the push's method name.
   */
  public static final String CARRIER = "Response_VM";
  public static final String SEND = "SendAsync";
  public static final String SEND_TO_MANY = "SendToManyAsync";
  public static final String SEND_TO_GROUP = "SendToGroupAsync";
  public static final String ADD_TO_GROUP = "AddToGroupAsync";
  public static final String REMOVE_FROM_GROUP = "RemoveFromGroupAsync";
  public static final String CLOSE = "CloseAsync";
  public static final String GROUP = "$fwdGroup";
  public static final String EXCEPT = "$fwdExcept";
  /** The inner message's target when it is not a view-model push. */
  public static final String TARGET = "$fwdTarget";

  /** The client push, the inner target the envelope leaves unsaid because it is the common one. */
  private static final String PUSH = CallType.RESPONSE_VM.method();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Envelope() {}

  // ---- proxy to app ----

  /** The arguments of an {@value #INVOKE}: the client's method and arguments plus who sent it. */
  public static JsonNode[] invoke(String method, List<JsonNode> args, OriginContext announce, String connectionId) {
    ArrayNode inner = NODES.arrayNode(args.size());
    for (JsonNode a : args) inner.add(a);
    ObjectNode meta = NODES.objectNode();
    if (announce != null) meta.set(CONTEXT, announce.toJson());
    else meta.put(CONN_ID, connectionId);
    return new JsonNode[] {NODES.stringNode(method), inner, meta};
  }

  /** A client call as the app server receives it. {@code context} is null when only the id came. */
  public record Forwarded(String method, List<JsonNode> args, OriginContext context, String connectionId) {}

  public static Forwarded readInvoke(List<JsonNode> args) {
    if (args.size() < 3) throw new EnvelopeException("Invoke expects [method, args, meta], got " + args.size() + " arguments");
    if (!args.get(0).isString()) throw new EnvelopeException("method must be a string");
    if (!args.get(1).isArray()) throw new EnvelopeException("args must be an array");
    JsonNode meta = args.get(2);
    if (!meta.isObject()) throw new EnvelopeException("meta must be an object");
    List<JsonNode> inner = new ArrayList<>(args.get(1).size());
    args.get(1).forEach(inner::add);
    JsonNode context = meta.get(CONTEXT);
    if (context != null) {
      OriginContext origin = OriginContext.fromJson(context);
      return new Forwarded(args.get(0).asString(), inner, origin, origin.connectionId());
    }
    JsonNode id = meta.get(CONN_ID);
    if (id == null || !id.isString()) throw new EnvelopeException("meta needs " + CONTEXT + " or " + CONN_ID);
    return new Forwarded(args.get(0).asString(), inner, null, id.asString());
  }

  public static JsonNode text(String value) {
    return NODES.stringNode(value);
  }

  // ---- app to proxy ----

  /** One message for one client: the inner invocation plus the target connection. */
  public static InvocationMessage send(InvocationMessage inner, String connectionId) {
    ObjectNode meta = targetMeta(inner);
    meta.put(CONN_ID, connectionId);
    return down(SEND, argsOf(inner), meta);
  }

  /** One message for several clients of the same pooled connection. */
  public static InvocationMessage sendToMany(InvocationMessage inner, Collection<String> connectionIds) {
    ObjectNode meta = targetMeta(inner);
    ArrayNode ids = meta.putArray(CONN_ID);
    for (String id : connectionIds) ids.add(id);
    return down(SEND_TO_MANY, argsOf(inner), meta);
  }

  /** One message for a group's members on this pooled connection, except some. */
  public static InvocationMessage sendToGroup(InvocationMessage inner, String group, Collection<String> excluded) {
    ObjectNode meta = targetMeta(inner);
    meta.put(GROUP, group);
    if (!excluded.isEmpty()) {
      ArrayNode ids = meta.putArray(EXCEPT);
      for (String id : excluded) ids.add(id);
    }
    return down(SEND_TO_GROUP, argsOf(inner), meta);
  }

  public static InvocationMessage groupChange(boolean add, String connectionId, String group) {
    ObjectNode meta = NODES.objectNode().put(CONN_ID, connectionId);
    return down(add ? ADD_TO_GROUP : REMOVE_FROM_GROUP, NODES.arrayNode(1).add(group), meta);
  }

  public static InvocationMessage close(String connectionId, String error) {
    ObjectNode meta = NODES.objectNode().put(CONN_ID, connectionId);
    ArrayNode args = NODES.arrayNode(1);
    if (error == null) args.addNull(); else args.add(error);
    return down(CLOSE, args, meta);
  }

  /** A message the app server sent down a pooled connection, as the proxy reads it. */
  public record Down(String op, List<JsonNode> args, JsonNode meta) {

    /** The message to hand to local clients. */
    public InvocationMessage inner() {
      JsonNode target = meta.get(TARGET);
      return new InvocationMessage(null, target != null && target.isString() ? target.asString() : PUSH, args);
    }

    public String connectionId() {
      JsonNode id = meta.get(CONN_ID);
      return id != null && id.isString() ? id.asString() : null;
    }

    public List<String> ids(String field) {
      JsonNode ids = meta.get(field);
      if (ids == null || !ids.isArray()) return List.of();
      List<String> out = new ArrayList<>(ids.size());
      ids.forEach(n -> out.add(n.asString()));
      return out;
    }

    public String group() {
      JsonNode g = meta.get(GROUP);
      return g != null && g.isString() ? g.asString() : null;
    }
  }

  /** Reads a {@value #CARRIER} from the app server; null when it is not a forwarding envelope. */
  public static Down readDown(List<JsonNode> args) {
    if (args.size() != 3 || !args.get(0).isString() || !args.get(1).isArray() || !args.get(2).isObject()) return null;
    List<JsonNode> inner = new ArrayList<>(args.get(1).size());
    args.get(1).forEach(inner::add);
    return new Down(args.get(0).asString(), inner, args.get(2));
  }

  private static ObjectNode targetMeta(InvocationMessage inner) {
    ObjectNode meta = NODES.objectNode();
    if (!PUSH.equals(inner.target())) meta.put(TARGET, inner.target());
    return meta;
  }

  private static ArrayNode argsOf(InvocationMessage inner) {
    ArrayNode args = NODES.arrayNode(inner.arguments().size());
    for (JsonNode a : inner.arguments()) args.add(a);
    return args;
  }

  private static InvocationMessage down(String op, ArrayNode args, ObjectNode meta) {
    return new InvocationMessage(null, CARRIER, List.of(NODES.stringNode(op), args, meta));
  }
}
