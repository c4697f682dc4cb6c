package io.hubscope.loadtest.protocol;

import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.JsonMappers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.POJONode;

/**
 * An invocation argument that is already JSON text, e.g. a pong that carries the ping's bytes
 * back unchanged. {@link ScanningJsonProtocol} writes it as it is; {@link LoadTestProtocols} turns
 * it into a tree for MessagePack.
 */
public record RawJson(byte[] utf8) {

  private static final JsonMapper MAPPER = JsonMappers.builder().build();

  /** The argument for {@code HubClientConnection.invoke}: a tree node that carries the bytes. */
  public JsonNode node() {
    return new POJONode(this);
  }

  /** {@code {"name":<json[from, to)>}}, copied. */
  public static RawJson object(byte[] asciiName, byte[] json, int from, int to) {
    byte[] utf8 = new byte[asciiName.length + (to - from) + 5];
    int pos = 0;
    utf8[pos++] = '{';
    utf8[pos++] = '"';
    System.arraycopy(asciiName, 0, utf8, pos, asciiName.length);
    pos += asciiName.length;
    utf8[pos++] = '"';
    utf8[pos++] = ':';
    System.arraycopy(json, from, utf8, pos, to - from);
    utf8[utf8.length - 1] = '}';
    return new RawJson(utf8);
  }

  /** The raw JSON an argument node carries, or null when it is an ordinary node. */
  static RawJson of(JsonNode node) {
    return node instanceof POJONode pojo && pojo.getPojo() instanceof RawJson raw ? raw : null;
  }

  /** {@code invocation} with every raw argument parsed into a tree, for a protocol that writes trees only. */
  static InvocationMessage withTrees(InvocationMessage invocation) {
    List<JsonNode> trees = null;
    List<JsonNode> arguments = invocation.arguments();
    for (int i = 0; i < arguments.size(); i++) {
      RawJson raw = of(arguments.get(i));
      if (raw == null) continue;
      if (trees == null) trees = new ArrayList<>(arguments);
      trees.set(i, MAPPER.readTree(raw.utf8()));
    }
    return trees == null ? invocation : new InvocationMessage(invocation.invocationId(), invocation.target(), trees);
  }

  @Override
  public String toString() {
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
