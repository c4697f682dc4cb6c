package io.hubscope.hub.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One JSON value as its UTF-8 text. A hub method registered raw ({@code HubServerBuilder.rawMethod})
 * gets its arguments this way and reads them with a streaming parser: a large argument (a tap's
 * batch of a thousand events) then never becomes a tree, which cost the observer more CPU and
 * allocation than the work it did with the batch.
 *
 * <p>The bytes are the argument's own copy, not a view of a frame the transport reuses, so a method
 * may keep it past its invocation. They are not copied again: do not modify them.
 */
public final class JsonBytes {

  private final byte[] utf8;

  /** {@code utf8} must hold exactly one JSON value; it is taken as it is, not checked or copied. */
  public JsonBytes(byte[] utf8) {
    if (utf8 == null) throw new IllegalArgumentException("utf8 == null");
    this.utf8 = utf8;
  }

  /** The JSON text of {@code tree}, for an argument that arrived as a tree (MessagePack, a forwarded call). */
  public static JsonBytes of(ObjectMapper mapper, JsonNode tree) {
    return new JsonBytes(mapper.writeValueAsBytes(tree));
  }

  /** The UTF-8 bytes, not a copy. */
  public byte[] utf8() {
    return utf8;
  }

  /** A streaming parser over the value; the caller closes it. */
  public JsonParser parser(ObjectMapper mapper) {
    return mapper.createParser(utf8);
  }

  /** The value as a tree, for a protocol that writes trees only (MessagePack). */
  public JsonNode toTree(ObjectMapper mapper) {
    return mapper.readTree(utf8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonBytes other && Arrays.equals(utf8, other.utf8);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  /** The JSON text. */
  @Override
  public String toString() {
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
