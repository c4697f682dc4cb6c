package io.hubscope.hub.protocol;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.node.NullNode;

/**
 * Reads the value at a parser's current token as a tree, with the parser's own read context (one
 * per record). Jackson's tree deserializer is held here: {@code readValueAsTree} asks the context
 * for it on every call, through the deserializer cache's LRU bookkeeping, which cost the hub about
 * 8% of its CPU under the echo load (one lookup per argument).
 */
public final class JsonTrees {

  private static final ValueDeserializer<?> TREES = JsonNodeDeserializer.getDeserializer(JsonNode.class);

  private JsonTrees() {}

  /** The value the parser stands on (its first token) as a tree; JSON null and no value as {@link NullNode}. */
  public static JsonNode read(JsonParser parser) {
    JsonToken token = parser.currentToken();
    if (token == null || token == JsonToken.VALUE_NULL) return NullNode.getInstance();
    JsonNode node = (JsonNode) TREES.deserialize(parser, (DeserializationContext) parser.objectReadContext());
    return node == null ? NullNode.getInstance() : node;
  }
}
