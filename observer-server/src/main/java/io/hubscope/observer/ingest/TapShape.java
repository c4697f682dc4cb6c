package io.hubscope.observer.ingest;

import static io.hubscope.observer.ingest.TapField.*;

import java.util.Arrays;

/**
 * The kinds of JSON object in a tap batch and the fields ingest reads of each: any other property
 * is skipped unread, and an object holds slots for its own kind's fields only.
 */
enum TapShape {
  BATCH(TapField.NODE, SEQ, DROPPED, EVENTS),
  NODE(ID, ROLE, NAME, ADDRESS, STARTED_AT),
  /** A message's fields first: {@link TapFields} gives an object only the slots up to its last field. */
  EVENT(TYPE, TS, CONN, DIR, CALL, VM, SIZE, PAYLOAD, TRUNCATED, RECIPIENTS, GROUP,
      IP, PORT, UA, HEADERS, TRANSPORT, PROTOCOL, REASON, ERROR,
      CPU_SYSTEM, CPU_PROCESS, MEM_USED, MEM_TOTAL, RSS, HEAP_USED, HEAP_MAX, CONNECTIONS, QUEUE_DEPTH, QUEUE_BYTES,
      LINKS, CONNS, PART, LAST, ID),
  /** A connection listed by a resync: an open event without its type. */
  CONNECTION(CONN, TS, IP, PORT, UA, HEADERS, TRANSPORT, PROTOCOL),
  LINK(ROLE, NAME, ID, URL);

  /** The slot of each field by its ordinal; -1 for a field this kind does not have. */
  private final int[] slots = new int[TapField.values().length];
  final int size;

  TapShape(TapField... fields) {
    Arrays.fill(slots, -1);
    for (int i = 0; i < fields.length; i++) slots[fields[i].ordinal()] = i;
    size = fields.length;
  }

  int slot(TapField field) {
    return slots[field.ordinal()];
  }
}
