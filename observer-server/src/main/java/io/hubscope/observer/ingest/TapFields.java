package io.hubscope.observer.ingest;

import io.hubscope.hub.protocol.JsonTrees;
import io.hubscope.observer.nodes.LinkedNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * One JSON object of a tap batch (the batch, its node, an event, a resync's connection, a link) read
 * from a streaming parser: the fields of its {@link TapShape}, each as the last occurrence of its
 * property left it, as in a tree. Ingest used to walk a tree of the whole batch; these hold only
 * what it reads, so a batch costs a small array per event instead of a map and a node per property.
 *
 * <p>The accessors are as lenient as ingest always was: a value of the wrong type reads as absent,
 * so the caller can reject the event. A slot holds null when absent; a string; a {@code Long} for an
 * integer in range; the {@link JsonNode} a tree would hold for other numbers, booleans and null (so
 * that they convert exactly as before, failing where they failed); {@link #OTHER} for an object or
 * array that was not read; and, for the fields that are containers, what was read of them.
 */
final class TapFields {

  static final int MAX_HEADERS = 32;
  static final int MAX_TEXT = 2048;
  static final int MAX_COUNTS = 16;

  /** An object or array where ingest reads no container: skipped unread. */
  private static final Object OTHER = new Object() {
    @Override
    public String toString() {
      return "(object or array)";
    }
  };
  private static final String[] TYPES = {"msg", "open", "close", "host", "resync"};
  private static final String[] DIRS = {"in", "out"};
  private static final String[] CALLS = {"Response_VM", "Update_VM", "Request_VM", "Dispose_VM"};
  /**
   * Slots an object starts with: a message event's fields come first in {@link TapShape#EVENT}, so
   * messages, most events by far, never need the other 23; an event with a later field grows once.
   */
  private static final int FIRST_SLOTS = 11;
  private static final RecentTexts VIEW_MODELS = new RecentTexts();

  private final TapShape shape;
  private Object[] values;

  private TapFields(TapShape shape) {
    this.shape = shape;
    this.values = new Object[Math.min(shape.size, FIRST_SLOTS)];
  }

  /** Reads the object that starts at the parser's current token ({@code START_OBJECT}), up to its end. */
  static TapFields read(JsonParser parser, TapShape shape) {
    TapFields fields = new TapFields(shape);
    String name;
    while ((name = parser.nextName()) != null) {
      JsonToken token = parser.nextToken();
      TapField field = TapField.named(name);
      int slot = field == null ? -1 : shape.slot(field);
      if (slot < 0) {
        parser.skipChildren();
      } else {
        if (slot >= fields.values.length) fields.values = Arrays.copyOf(fields.values, shape.size);
        fields.values[slot] = value(parser, token, field);
      }
    }
    return fields;
  }

  private static Object value(JsonParser parser, JsonToken token, TapField field) {
    return switch (field) {
      case NODE -> token == JsonToken.START_OBJECT ? read(parser, TapShape.NODE) : scalar(parser, token);
      case EVENTS -> objects(parser, token, TapShape.EVENT);
      case CONNS -> objects(parser, token, TapShape.CONNECTION);
      case LINKS -> links(parser, token);
      case HEADERS -> headers(parser, token);
      case DROPPED -> counts(parser, token);
      case TYPE -> known(parser, token, TYPES);
      case DIR -> known(parser, token, DIRS);
      case CALL -> known(parser, token, CALLS);
      case VM -> token == JsonToken.VALUE_STRING
          ? VIEW_MODELS.of(parser.getStringCharacters(), parser.getStringOffset(), parser.getStringLength())
          : scalar(parser, token);
      default -> scalar(parser, token);
    };
  }

  private static Object scalar(JsonParser parser, JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> parser.getString();
      case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          ? tree(parser) : (Object) parser.getLongValue();
      case VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> tree(parser);
      default -> {
        parser.skipChildren();
        yield OTHER;
      }
    };
  }

  /** The value as the tree of a whole batch held it. */
  private static JsonNode tree(JsonParser parser) {
    return JsonTrees.read(parser);
  }

  /** A string that is one of {@code constants} is that constant: the same text without a copy per event. */
  private static Object known(JsonParser parser, JsonToken token, String[] constants) {
    if (token != JsonToken.VALUE_STRING) return scalar(parser, token);
    char[] chars = parser.getStringCharacters();
    int offset = parser.getStringOffset();
    int length = parser.getStringLength();
    for (String constant : constants) {
      if (sameChars(constant, chars, offset, length)) return constant;
    }
    return parser.getString();
  }

  static boolean sameChars(String constant, char[] chars, int offset, int length) {
    if (constant.length() != length) return false;
    for (int i = 0; i < length; i++) {
      if (constant.charAt(i) != chars[offset + i]) return false;
    }
    return true;
  }

  /** An array of objects of one shape; an element that is no object is a null, read no further. */
  private static Object objects(JsonParser parser, JsonToken token, TapShape shape) {
    if (token != JsonToken.START_ARRAY) return scalar(parser, token);
    List<TapFields> objects = new ArrayList<>();
    JsonToken element;
    while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (element == JsonToken.START_OBJECT) {
        objects.add(read(parser, shape));
      } else {
        parser.skipChildren();
        objects.add(null);
      }
    }
    return new ObjectList(objects);
  }

  /**
   * A host event's links: up to {@link LinkedNode#MAX_PER_NODE} entries with a role of {@code proxy}
   * or {@code app} and a name; other entries are skipped, and those after the last kept one unread.
   */
  private static Object links(JsonParser parser, JsonToken token) {
    if (token != JsonToken.START_ARRAY) return scalar(parser, token);
    List<LinkedNode> links = new ArrayList<>();
    JsonToken element;
    while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (element != JsonToken.START_OBJECT || links.size() >= LinkedNode.MAX_PER_NODE) {
        parser.skipChildren();
        continue;
      }
      TapFields link = read(parser, TapShape.LINK);
      String role = link.text(TapField.ROLE);
      String name = link.shortText(TapField.NAME);
      if (("proxy".equals(role) || "app".equals(role)) && name != null && !name.isBlank()) {
        links.add(new LinkedNode(role, name, link.shortText(TapField.ID), link.shortText(TapField.URL)));
      }
    }
    return new Links(links);
  }

  /**
   * An open event's headers: the first {@link #MAX_HEADERS} names with the last value each was given
   * (a value that is no string as its JSON text), each cut to {@link #MAX_TEXT}.
   */
  private static Object headers(JsonParser parser, JsonToken token) {
    if (token != JsonToken.START_OBJECT) return scalar(parser, token);
    Map<String, String> headers = new LinkedHashMap<>();
    String name;
    while ((name = parser.nextName()) != null) {
      JsonToken value = parser.nextToken();
      if (headers.size() >= MAX_HEADERS && !headers.containsKey(name)) {
        parser.skipChildren();
        continue;
      }
      headers.put(name, cut(value == JsonToken.VALUE_STRING ? parser.getString() : tree(parser).toString()));
    }
    return new Headers(headers);
  }

  /** The batch's drop counts: every property, its last value each, filtered when read. */
  private static Object counts(JsonParser parser, JsonToken token) {
    if (token != JsonToken.START_OBJECT) return scalar(parser, token);
    Map<String, Object> counts = new LinkedHashMap<>();
    String name;
    while ((name = parser.nextName()) != null) {
      counts.put(name, scalar(parser, parser.nextToken()));
    }
    return new Counts(counts);
  }

  private Object value(TapField field) {
    int slot = shape.slot(field);
    return slot < 0 || slot >= values.length ? null : values[slot];
  }

  boolean has(TapField field) {
    return value(field) != null;
  }

  String text(TapField field) {
    return value(field) instanceof String text ? text : null;
  }

  /** A short text (ids, user agents, header values) capped so one event cannot hog memory. */
  String shortText(TapField field) {
    return cut(text(field));
  }

  long number(TapField field, long absent) {
    return asLong(value(field), absent);
  }

  double decimal(TapField field) {
    Object value = value(field);
    if (value instanceof Long number) return number;
    return value instanceof JsonNode node && node.isNumber() ? node.asDouble() : Double.NaN;
  }

  boolean flag(TapField field) {
    return value(field) instanceof JsonNode node && node.isBoolean() && node.asBoolean();
  }

  /** True or false; null when absent or not a boolean. */
  Boolean bool(TapField field) {
    return value(field) instanceof JsonNode node && node.isBoolean() ? node.asBoolean() : null;
  }

  /** The object this field holds, or null when absent or no object. */
  TapFields object(TapField field) {
    return value(field) instanceof TapFields object ? object : null;
  }

  /** The elements of an array of objects (null for those that are none), or null when no array. */
  List<TapFields> objects(TapField field) {
    return value(field) instanceof ObjectList objects ? objects.list : null;
  }

  /** The kept links, or null when the field is absent or no array (unknown rather than none). */
  List<LinkedNode> links() {
    return value(TapField.LINKS) instanceof Links links ? links.list : null;
  }

  Map<String, String> headers() {
    return value(TapField.HEADERS) instanceof Headers headers && !headers.map.isEmpty() ? headers.map : Map.of();
  }

  /** The first {@link #MAX_COUNTS} properties whose value is a number. */
  Map<String, Long> counts(TapField field) {
    if (!(value(field) instanceof Counts counts)) return Map.of();
    Map<String, Long> numbers = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : counts.map.entrySet()) {
      if (isNumber(entry.getValue()) && numbers.size() < MAX_COUNTS) {
        numbers.put(entry.getKey(), asLong(entry.getValue(), 0));
      }
    }
    return numbers;
  }

  private static boolean isNumber(Object value) {
    return value instanceof Long || value instanceof JsonNode node && node.isNumber();
  }

  private static long asLong(Object value, long absent) {
    if (value instanceof Long number) return number;
    return value instanceof JsonNode node && node.isNumber() ? node.asLong() : absent;
  }

  private static String cut(String text) {
    return text != null && text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
  }

  // Containers by what they hold, so that a slot says which it is without unchecked casts.
  private record ObjectList(List<TapFields> list) {}

  private record Links(List<LinkedNode> list) {}

  private record Headers(Map<String, String> map) {}

  private record Counts(Map<String, Object> map) {}
}
