package io.hubscope.observer.ingest;

import io.hubscope.hub.protocol.JsonBytes;
import io.hubscope.hub.protocol.JsonMappers;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tap batch (docs/tap-events.md) read from its JSON text with a streaming parser, in one pass:
 * the node that sent it, its sequence number and drops, and its events, each holding the fields
 * ingest reads. Nothing is applied while reading, because the batch's properties may come in any
 * order (and a property named twice counts once, its last value) while every event needs the
 * node first.
 *
 * <p>The text has been parsed once already by the hub (it was sliced from a valid message), so
 * reading it fails only on text that never came from a hub message.
 */
public final class IngestBatch {

  private static final JsonMapper JSON = JsonMappers.builder().build();
  private static final IngestBatch NONE = new IngestBatch(null);

  /** The batch object; null when the argument was missing or no JSON object. */
  private final TapFields fields;

  private IngestBatch(TapFields fields) {
    this.fields = fields;
  }

  /** Reads {@code json}; null stands for an invocation without arguments. */
  public static IngestBatch read(JsonBytes json) {
    if (json == null) return NONE;
    try (JsonParser parser = json.parser(JSON)) {
      return parser.nextToken() == JsonToken.START_OBJECT ? new IngestBatch(TapFields.read(parser, TapShape.BATCH)) : NONE;
    }
  }

  /** A batch given as a tree (tests, tools): written out and read as a tap's text would be. */
  public static IngestBatch of(JsonNode tree) {
    return tree == null ? NONE : read(JsonBytes.of(JSON, tree));
  }

  /** The sending node's id as given, or null when there is none. */
  public String nodeId() {
    TapFields node = node();
    return node == null ? null : node.text(TapField.ID);
  }

  /** The sending node's role as given, or null when there is none. */
  public String nodeRole() {
    TapFields node = node();
    return node == null ? null : node.text(TapField.ROLE);
  }

  TapFields node() {
    return fields == null ? null : fields.object(TapField.NODE);
  }

  /** The batch object, or null when there was none. */
  TapFields fields() {
    return fields;
  }

  /** The events (null for elements that are no object), or null when the batch has no events array. */
  List<TapFields> events() {
    return fields == null ? null : fields.objects(TapField.EVENTS);
  }
}
