package io.hubscope.observer.ingest;

import java.util.HashMap;
import java.util.Map;

/** The properties of a tap batch (docs/tap-events.md) that ingest reads, by their JSON names. */
enum TapField {
  // the batch
  NODE("node"), SEQ("seq"), DROPPED("dropped"), EVENTS("events"),
  // the node, and a host event's links
  ROLE("role"), NAME("name"), ADDRESS("address"), STARTED_AT("startedAt"), URL("url"),
  // events, and a resync's connections
  TYPE("type"), TS("ts"), CONN("conn"), DIR("dir"), CALL("call"), VM("vm"), SIZE("size"), PAYLOAD("payload"),
  TRUNCATED("truncated"), RECIPIENTS("recipients"), GROUP("group"),
  IP("ip"), PORT("port"), UA("ua"), HEADERS("headers"), TRANSPORT("transport"), PROTOCOL("protocol"),
  REASON("reason"), ERROR("error"),
  CPU_SYSTEM("cpuSystem"), CPU_PROCESS("cpuProcess"), MEM_USED("memUsed"), MEM_TOTAL("memTotal"), RSS("rss"),
  HEAP_USED("heapUsed"), HEAP_MAX("heapMax"), CONNECTIONS("connections"), QUEUE_DEPTH("queueDepth"),
  QUEUE_BYTES("queueBytes"), LINKS("links"),
  CONNS("conns"), PART("part"), LAST("last"), ID("id");

  private static final Map<String, TapField> BY_NAME = new HashMap<>();

  static {
    for (TapField field : values()) BY_NAME.put(field.jsonName, field);
  }

  final String jsonName;

  TapField(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The field of this name, or null for a property ingest does not read. */
  static TapField named(String jsonName) {
    return BY_NAME.get(jsonName);
  }
}
