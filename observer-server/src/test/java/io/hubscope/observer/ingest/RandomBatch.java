package io.hubscope.observer.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Tap batch texts put together at random from valid and invalid pieces (wrong types, properties
 * named twice, junk where objects belong), for holding two ingests to the same outcome.
 */
final class RandomBatch {

  private static final String[] TYPES = {"msg", "msg", "msg", "open", "open", "close", "host", "resync", "nope"};
  private static final String[] STRINGS = {"msg", "in", "out", "c1", "proxy", "app", "", " ", "é\\n\\\"x\\\"", "true", "5"};
  private static final String[] NUMBERS = {"0", "-1", "5", "1.5", "-2.5e2", "1e300", "99999999999999999999", "2147483648",
      "9223372036854775807", "-9223372036854775808"};
  private static final String[] EVENT_FIELDS = {"type", "ts", "conn", "dir", "call", "vm", "size", "payload", "truncated",
      "recipients", "group", "ip", "port", "ua", "headers", "transport", "protocol", "reason", "error", "cpuSystem",
      "cpuProcess", "memUsed", "memTotal", "rss", "heapUsed", "heapMax", "connections", "queueDepth", "queueBytes",
      "links", "conns", "part", "last", "id", "extra"};

  private RandomBatch() {}

  static String text(Random r, String node, long now) {
    if (r.nextInt(25) == 0) return value(r, 2);
    List<String> props = new ArrayList<>();
    if (r.nextInt(12) != 0) props.add("\"node\":" + (r.nextInt(12) == 0 ? value(r, 2) : node(r, node, now)));
    if (r.nextBoolean()) props.add("\"seq\":" + (r.nextInt(6) == 0 ? value(r, 1) : r.nextInt(50)));
    if (r.nextBoolean()) props.add("\"dropped\":" + (r.nextInt(6) == 0 ? value(r, 1) : dropped(r)));
    if (r.nextInt(12) != 0) props.add("\"events\":" + (r.nextInt(12) == 0 ? value(r, 2) : events(r, now)));
    if (r.nextInt(5) == 0) props.add("\"sentAt\":" + value(r, 2));
    if (!props.isEmpty() && r.nextInt(8) == 0) {
      String again = props.get(r.nextInt(props.size()));
      props.add(again.substring(0, again.indexOf(':') + 1) + value(r, 2));
    }
    Collections.shuffle(props, r);
    return "{" + String.join(",", props) + "}";
  }

  private static String node(Random r, String node, long now) {
    long[] starts = {now - 60_000, now - 1_000, now - 120_000};
    return node.replace(String.valueOf(now - 60_000), String.valueOf(starts[r.nextInt(starts.length)]));
  }

  private static String dropped(Random r) {
    List<String> counts = new ArrayList<>();
    for (int i = r.nextInt(20); i > 0; i--) {
      counts.add("\"cause" + r.nextInt(18) + "\":" + (r.nextInt(4) == 0 ? value(r, 1) : String.valueOf(r.nextInt(9))));
    }
    return "{" + String.join(",", counts) + "}";
  }

  private static String events(Random r, long now) {
    List<String> events = new ArrayList<>();
    for (int i = r.nextInt(16); i > 0; i--) events.add(r.nextInt(15) == 0 ? value(r, 2) : event(r, now));
    return "[" + String.join(",", events) + "]";
  }

  private static String event(Random r, long now) {
    List<String> fields = new ArrayList<>();
    String type = TYPES[r.nextInt(TYPES.length)];
    fields.add("\"type\":\"" + type + "\"");
    fields.add("\"ts\":" + ts(r, now));
    int more = 3 + r.nextInt(10);
    for (int i = 0; i < more; i++) {
      String name = EVENT_FIELDS[r.nextInt(EVENT_FIELDS.length)];
      fields.add("\"" + name + "\":" + (r.nextInt(5) == 0 ? value(r, 2) : valid(r, name, now)));
    }
    if (r.nextInt(4) == 0) fields.remove(r.nextInt(fields.size()));
    Collections.shuffle(fields, r);
    return "{" + String.join(",", fields) + "}";
  }

  private static String ts(Random r, long now) {
    return switch (r.nextInt(6)) {
      case 0 -> String.valueOf(now - 2_000_000);
      case 1 -> String.valueOf(now + 3_600_000);
      default -> String.valueOf(now - r.nextInt(3_000));
    };
  }

  private static String valid(Random r, String field, long now) {
    return switch (field) {
      case "ts" -> ts(r, now);
      case "conn" -> "\"c" + r.nextInt(6) + "\"";
      case "dir" -> r.nextBoolean() ? "\"in\"" : "\"out\"";
      case "call" -> r.nextBoolean() ? "\"Update_VM\"" : "\"Response_VM\"";
      case "size", "port", "memUsed", "memTotal", "rss", "heapUsed", "heapMax", "connections", "queueDepth",
          "queueBytes", "id" -> String.valueOf(r.nextInt(300) - 10);
      case "recipients", "part" -> String.valueOf(r.nextInt(4));
      case "payload" -> "\"" + "p\\u00e9\\\"".repeat(1 + r.nextInt(12)) + "\"";
      case "truncated", "last" -> String.valueOf(r.nextBoolean());
      case "cpuSystem", "cpuProcess" -> r.nextBoolean() ? "0.25" : "1";
      case "headers" -> headers(r);
      case "links" -> links(r);
      case "conns" -> conns(r, now);
      default -> "\"" + STRINGS[r.nextInt(STRINGS.length)] + "\"";
    };
  }

  private static String headers(Random r) {
    List<String> headers = new ArrayList<>();
    for (int i = r.nextInt(40); i > 0; i--) {
      headers.add("\"H" + r.nextInt(36) + "\":" + (r.nextInt(4) == 0 ? value(r, 1) : "\"v" + r.nextInt(9) + "\""));
    }
    return "{" + String.join(",", headers) + "}";
  }

  private static String links(Random r) {
    List<String> links = new ArrayList<>();
    for (int i = r.nextInt(70); i > 0; i--) {
      links.add(r.nextInt(8) == 0 ? value(r, 1) : "{\"role\":\"" + (r.nextInt(5) == 0 ? "db" : "proxy")
          + "\",\"name\":" + (r.nextInt(6) == 0 ? value(r, 0) : "\"p" + r.nextInt(80) + "\"") + ",\"url\":\"u\"}");
    }
    return "[" + String.join(",", links) + "]";
  }

  private static String conns(Random r, long now) {
    List<String> conns = new ArrayList<>();
    for (int i = r.nextInt(6); i > 0; i--) {
      conns.add(r.nextInt(6) == 0 ? value(r, 1) : "{\"conn\":\"c" + r.nextInt(8) + "\",\"ts\":" + ts(r, now)
          + ",\"ip\":\"10.0.0.1\",\"headers\":" + headers(r) + "}");
    }
    return "[" + String.join(",", conns) + "]";
  }

  /** Any JSON value, nested up to {@code depth}. */
  static String value(Random r, int depth) {
    int kind = r.nextInt(depth > 0 ? 7 : 5);
    return switch (kind) {
      case 0 -> "\"" + STRINGS[r.nextInt(STRINGS.length)] + "\"";
      case 1 -> NUMBERS[r.nextInt(NUMBERS.length)];
      case 2 -> r.nextBoolean() ? "true" : "false";
      case 3 -> "null";
      case 4 -> r.nextBoolean() ? "{}" : "[]";
      case 5 -> "{\"a\":" + value(r, depth - 1) + ",\"type\":" + value(r, depth - 1) + "}";
      default -> "[" + value(r, depth - 1) + "," + value(r, depth - 1) + "]";
    };
  }
}
