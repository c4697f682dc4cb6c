package io.hubscope.tap;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
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
 *
 * <p>A client chooses the shape of what it sends, so redaction must not depend on it: a key is
 * matched on each of its dot-separated segments too ({@code "User.Password"} patches a member on
 * the server), a string value that holds JSON ({@code {"Submit":"{\"Password\":\"x\"}"}}, a
 * {@code $vmArg} sent as a string) is parsed and redacted the same way, nested up to
 * {@link #MAX_STRING_DEPTH} times, and a string that names a field followed by {@code :} or
 * {@code =} but is not JSON (broken or lenient JSON, {@code password=x}) is replaced whole.
 * Unicode escapes ({@code Pass\u0077ord}) cannot hide a name from the cheap pre-check.
 */
final class PayloadFilter {

  static final String REDACTED = "[redacted]";

  /** JSON inside a string inside a string...: past this depth a string naming a field is replaced whole. */
  static final int MAX_STRING_DEPTH = 4;

  /**
   * The payload text to send and whether it was cut: a String, or (a client call's data in plain
   * ASCII that names no listed field) the span of the frame's bytes, written as they are.
   */
  static final class Payload {

    private final String text;
    private final byte[] ascii;
    private final int start;
    private final int end;
    private final boolean truncated;

    Payload(String text, boolean truncated) {
      this(text, null, 0, 0, truncated);
    }

    private Payload(String text, byte[] ascii, int start, int end, boolean truncated) {
      this.text = text;
      this.ascii = ascii;
      this.start = start;
      this.end = end;
      this.truncated = truncated;
    }

    String text() {
      return text != null ? text : new String(ascii, start, end - start, StandardCharsets.ISO_8859_1);
    }

    boolean truncated() {
      return truncated;
    }

    /** Whether the text is held as the frame's bytes (the ASCII path); for tests. */
    boolean heldAsBytes() {
      return text == null;
    }

    /** Writes the text as a JSON string: ASCII bytes are escaped where they stand, not decoded first. */
    void writeTo(JsonGenerator out) {
      if (text != null) out.writeString(text);
      else out.writeUTF8String(ascii, start, end - start);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Payload p && truncated == p.truncated && text().equals(p.text());
    }

    @Override
    public int hashCode() {
      return text().hashCode() * 31 + Boolean.hashCode(truncated);
    }

    @Override
    public String toString() {
      return "Payload[" + text() + (truncated ? ", truncated]" : "]");
    }
  }

  private final int maxBytes;
  private final Set<String> fields;
  private final FieldNames names;
  private final JsonMapper mapper;
  private final Pattern assignment;

  PayloadFilter(int maxBytes, Set<String> redactFields, JsonMapper mapper) {
    if (maxBytes < 0) throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
    this.maxBytes = maxBytes;
    this.fields = redactFields.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.names = new FieldNames(fields);
    this.mapper = mapper;
    this.assignment = fields.isEmpty() ? null : Pattern.compile(
        fields.stream().map(Pattern::quote).collect(Collectors.joining("|", "(?:", ")[\"'\\\\\\s]*[:=]")),
        Pattern.CASE_INSENSITIVE);
  }

  /** A JSON text as the hub sends it (a push's vmData). */
  Payload ofJson(String json) {
    return truncate(redactText(json, 0));
  }

  /**
   * A JSON-encoded client invocation (record separator included): its view-model data (the second
   * argument), or null. The data's text is located by a scan of the bytes (the streaming parser
   * where the scan cannot tell) and taken as it is; only data that mentions a listed field is
   * parsed into a tree to be redacted.
   */
  Payload ofInvocation(byte[] frame) {
    int length = frame.length > 0 && frame[frame.length - 1] == 0x1E ? frame.length - 1 : frame.length;
    long span = DataArgument.span(frame, length);
    if (span == DataArgument.NONE) return null;
    if (span == DataArgument.UNSURE) return parsedOfInvocation(frame, length);
    int start = DataArgument.start(span);
    int end = DataArgument.end(span);
    if (!plainAscii(frame, start, end)) return ofJson(frame, start, end);
    int cut = (int) Math.min(end, (long) start + maxBytes); // in ASCII every byte ends a character
    return new Payload(null, frame, start, cut, cut < end);
  }

  /**
   * Whether {@code utf8[start, end)} can go as it is: ASCII only (no character to decode, none to
   * cut), no Unicode escape, and no listed name. Listed names outside ASCII can match ASCII text
   * case-insensitively (a long s upper-cases to S): with such a name every payload takes the
   * String path.
   */
  private boolean plainAscii(byte[] utf8, int start, int end) {
    if (!names.ascii()) return false;
    for (int i = start; i < end; i++) {
      byte b = utf8[i];
      if (b < 0 || (b == '\\' && i + 1 < end && utf8[i + 1] == 'u')) return false;
    }
    return fields.isEmpty() || !names.foundIn(utf8, start, end);
  }

  /** {@link #ofInvocation} with the streaming parser. */
  private Payload parsedOfInvocation(byte[] frame, int length) {
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
    // A string's text is read lazily: finish it so that the location below is past its end.
    parser.finishToken();
    return ofJson(frame, start, (int) parser.currentLocation().getByteOffset());
  }

  /** The JSON text in {@code utf8[start, end)}, as {@link #ofJson(String)} makes it fit. */
  private Payload ofJson(byte[] utf8, int start, int end) {
    return ofJson(new String(utf8, start, end - start, StandardCharsets.UTF_8));
  }

  /**
   * {@code text} with every listed field redacted: parsed when it may name one, written back from
   * the redacted tree; text that is not JSON is replaced whole when it assigns a listed name.
   */
  private String redactText(String text, int depth) {
    if (!mayNameAField(text)) return text;
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JacksonException e) {
      return assignment.matcher(text).find() ? REDACTED : text;
    }
    if (tree == null || tree.isMissingNode()) return text;
    return mapper.writeValueAsString(redact(tree, depth));
  }

  /**
   * Cheap pre-check: parse only text that contains a listed name somewhere, or a Unicode escape
   * that could spell one.
   */
  private boolean mayNameAField(String text) {
    if (fields.isEmpty()) return false;
    return text.contains("\\u") || names.foundIn(text);
  }

  /** The node with listed fields redacted; a string that holds JSON is redacted inside. */
  private JsonNode redact(JsonNode node, int depth) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        if (isListed(e.getKey())) e.setValue(object.stringNode(REDACTED));
        else e.setValue(redact(e.getValue(), depth));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) array.set(i, redact(array.get(i), depth));
    } else if (node.isString()) {
      String text = node.asString();
      if (!mayNameAField(text)) return node;
      if (depth >= MAX_STRING_DEPTH) return mapper.getNodeFactory().stringNode(REDACTED);
      String redacted = redactText(text, depth + 1);
      return redacted.equals(text) ? node : mapper.getNodeFactory().stringNode(redacted);
    }
    return node;
  }

  /** A key is listed when it, or any of its dot-separated path segments, is a listed name. */
  private boolean isListed(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    if (fields.contains(lower)) return true;
    if (lower.indexOf('.') < 0) return false;
    for (String segment : lower.split("\\.")) {
      if (fields.contains(segment)) return true;
    }
    return false;
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
