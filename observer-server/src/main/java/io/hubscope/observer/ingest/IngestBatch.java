package io.hubscope.observer.ingest;

import io.hubscope.hub.protocol.JsonMappers;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tap batch (docs/tap-events.md) read with a streaming parser, in one pass: the node that sent
 * it, its sequence number and drops, and its events, each holding the fields ingest reads. The
 * ingest hub decodes {@code Observe}'s argument this way straight from the message's own parser
 * ({@link #decode}, an {@code ArgumentDecoder}), so a batch is tokenized once and never becomes a
 * tree. Nothing is applied while reading, because the batch's properties may come in any order (and
 * a property named twice counts once, its last value) while every event needs the node first; and
 * the rest of the message may still prove it malformed.
 */
public final class IngestBatch {

  private static final JsonMapper JSON = JsonMappers.builder().build();
  private static final IngestBatch NONE = new IngestBatch(null);

  /** The batch object; null when the argument was missing or no JSON object. */
  private final TapFields fields;

  private IngestBatch(TapFields fields) {
    this.fields = fields;
  }

  /** An invocation without arguments. */
  public static IngestBatch none() {
    return NONE;
  }

  /** Reads the value at the parser's current token, up to its last token: a batch if it is an object. */
  public static IngestBatch decode(JsonParser parser) {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return NONE;
    }
    return new IngestBatch(TapFields.read(parser, TapShape.BATCH));
  }

  /** A batch given as a tree (tests, tools): read from a parser over the tree, as MessagePack batches are. */
  public static IngestBatch of(JsonNode tree) {
    if (tree == null) return NONE;
    try (JsonParser parser = JSON.treeAsTokens(tree)) {
      parser.nextToken();
      return decode(parser);
    }
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
