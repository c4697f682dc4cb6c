package io.hubscope.observer.ingest;

import io.hubscope.observer.nodes.LinkedNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Lenient field access for tap events: wrong types read as absent, so the caller can reject. {@link TreeIngest}'s, as it was. */
final class Json {

  static final int MAX_HEADERS = 32;
  static final int MAX_TEXT = 2048;

  private Json() {}

  static String text(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value != null && value.isString() ? value.stringValue() : null;
  }

  /** A short text (ids, user agents, header values) capped so one event cannot hog memory. */
  static String shortText(JsonNode object, String field) {
    String value = text(object, field);
    return value != null && value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) : value;
  }

  static long number(JsonNode object, String field, long absent) {
    JsonNode value = object.get(field);
    return value != null && value.isNumber() ? value.asLong() : absent;
  }

  static double decimal(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value != null && value.isNumber() ? value.asDouble() : Double.NaN;
  }

  static boolean flag(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value != null && value.isBoolean() && value.asBoolean();
  }

  static Map<String, String> headers(JsonNode object) {
    JsonNode value = object.get("headers");
    if (value == null || !value.isObject() || value.isEmpty()) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      if (headers.size() >= MAX_HEADERS) {
        break;
      }
      JsonNode v = entry.getValue();
      String text = v.isString() ? v.stringValue() : v.toString();
      headers.put(entry.getKey(), text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
    }
    return headers;
  }

  /**
   * The {@code links} of a host event: null when absent or not an array (unknown, as from older
   * taps); entries without a role of {@code proxy} or {@code app} or without a name are skipped,
   * and at most {@code max} are read.
   */
  static List<LinkedNode> links(JsonNode event, int max) {
    JsonNode value = event.get("links");
    if (value == null || !value.isArray()) {
      return null;
    }
    List<LinkedNode> links = new ArrayList<>();
    for (JsonNode entry : value) {
      if (links.size() >= max) {
        break;
      }
      if (!entry.isObject()) {
        continue;
      }
      String role = text(entry, "role");
      String name = shortText(entry, "name");
      if (("proxy".equals(role) || "app".equals(role)) && name != null && !name.isBlank()) {
        links.add(new LinkedNode(role, name, shortText(entry, "id"), shortText(entry, "url")));
      }
    }
    return links;
  }

  static Map<String, Long> counts(JsonNode object) {
    if (object == null || !object.isObject()) {
      return Map.of();
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      if (entry.getValue().isNumber() && counts.size() < 16) {
        counts.put(entry.getKey(), entry.getValue().asLong());
      }
    }
    return counts;
  }
}
