package io.hubscope.hub.vm;

import io.hubscope.hub.protocol.JsonMappers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping view models use on the wire. dotNetify clients expect .NET-style PascalCase
 * member names, so a {@code record Tick(long time, long sequence)} is written as
 * {@code {"Time":..,"Sequence":..}}; reading is case-insensitive and ignores unknown members, so
 * both camelCase and PascalCase clients work. Dates are ISO-8601 strings.
 */
public final class VMJson {

  private static final JsonMapper MAPPER = JsonMappers.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** A reader per target type: it holds its root deserializer, which the mapper would look up per call. */
  private static final Map<JavaType, ObjectReader> READERS = new ConcurrentHashMap<>();

  private VMJson() {}

  /** The shared, thread-safe mapper; use it to read what view models send. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** Serializes view-model data (property name to value) as the JSON object string of a response. */
  static String write(Map<String, ?> data) {
    return MAPPER.writeValueAsString(data);
  }

  /**
   * Converts a client value to {@code type}. Older dotNetify clients send objects as JSON text, so a
   * string that looks like an object or array is parsed first when the target is not a string.
   */
  static Object convert(JsonNode value, JavaType type) {
    JsonNode node = value;
    if (node != null && node.isString() && !type.hasRawClass(String.class)) {
      String text = node.stringValue().trim();
      if (text.startsWith("{") || text.startsWith("[")) {
        try {
          node = MAPPER.readTree(text);
        } catch (JacksonException notJson) {
          // keep the string: the conversion below reports the mismatch
        }
      }
    }
    return READERS.computeIfAbsent(type, MAPPER::readerFor).readValue(node == null ? MAPPER.nullNode() : node);
  }

  /** First line of a Jackson message: the rest is a source excerpt that helps nobody on a client. */
  static String shortMessage(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
