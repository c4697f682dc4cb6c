package io.hubscope.tap;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes a payload fit to leave the node: JSON fields whose names are listed are replaced (at any
 * depth, names compared case-insensitively), then the text is cut to a byte limit. Runs on the
 * sender thread, never on an event loop.
 */
final class PayloadFilter {

  static final String REDACTED = "[redacted]";

  /** The payload text to send and whether it was cut. */
  record Payload(String text, boolean truncated) {}

  private final int maxBytes;
  private final Set<String> fields;
  private final JsonMapper mapper;

  PayloadFilter(int maxBytes, Set<String> redactFields, JsonMapper mapper) {
    if (maxBytes < 0) throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
    this.maxBytes = maxBytes;
    this.fields = redactFields.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.mapper = mapper;
  }

  /** A JSON text as the hub sends it (a push's vmData). */
  Payload ofJson(String json) {
    if (!mentionsAField(json)) return truncate(json);
    try {
      JsonNode tree = mapper.readTree(json);
      redact(tree);
      return truncate(mapper.writeValueAsString(tree));
    } catch (JacksonException e) {
      return truncate(json); // not JSON: nothing to redact by name
    }
  }

  /**
   * A JSON-encoded client invocation (record separator included): its view-model data (the second
   * argument), or null. The data's text is located with the streaming parser and taken as it is;
   * only data that mentions a listed field is parsed into a tree to be redacted.
   */
  Payload ofInvocation(byte[] frame) {
    int length = frame.length > 0 && frame[frame.length - 1] == 0x1E ? frame.length - 1 : frame.length;
    try (JsonParser parser = mapper.createParser(frame, 0, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) return null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        boolean arguments = "arguments".equals(parser.currentName());
        JsonToken value = parser.nextToken();
        if (arguments && value == JsonToken.START_ARRAY) return secondArgument(parser, frame);
        parser.skipChildren();
      }
      return null;
    }
  }

  /** With the parser on an array's start: the second element's text, filtered, or null without one. */
  private Payload secondArgument(JsonParser parser, byte[] frame) {
    JsonToken first = parser.nextToken();
    if (first == JsonToken.END_ARRAY) return null;
    parser.skipChildren();
    JsonToken second = parser.nextToken();
    if (second == JsonToken.END_ARRAY || second == JsonToken.VALUE_NULL) return null;
    int start = (int) parser.currentTokenLocation().getByteOffset();
    parser.skipChildren();
    int end = (int) parser.currentLocation().getByteOffset();
    return ofJson(new String(frame, start, end - start, StandardCharsets.UTF_8));
  }

  /** Cheap pre-check: parse only payloads that contain a listed name somewhere. */
  private boolean mentionsAField(String json) {
    if (fields.isEmpty()) return false;
    String lower = json.toLowerCase(Locale.ROOT);
    for (String f : fields) {
      if (lower.contains(f)) return true;
    }
    return false;
  }

  private void redact(JsonNode node) {
    if (fields.isEmpty()) return;
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        if (fields.contains(e.getKey().toLowerCase(Locale.ROOT))) e.setValue(object.stringNode(REDACTED));
        else redact(e.getValue());
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode item : array) redact(item);
    }
  }

  /** Cuts to {@code maxBytes} of UTF-8, never inside a character. */
  private Payload truncate(String text) {
    if (text.length() * 3L <= maxBytes) return new Payload(text, false); // fits even if all 3-byte chars
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= maxBytes) return new Payload(text, false);
    int cut = maxBytes;
    while (cut > 0 && (utf8[cut] & 0xC0) == 0x80) cut--;
    return new Payload(new String(utf8, 0, cut, StandardCharsets.UTF_8), true);
  }
}
