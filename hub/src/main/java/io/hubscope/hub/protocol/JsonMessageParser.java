package io.hubscope.hub.protocol;

import static io.hubscope.hub.protocol.HubProtocolException.Kind.MALFORMED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Parses one JSON record (without its 0x1E) into a {@link HubMessage}. Properties may come in any
 * order (the spec does not fix one), so they are collected first and checked against the type at
 * the end. Unknown properties and {@code headers} are skipped, as the spec asks of headers and as
 * other implementations do for forward compatibility.
 *
 * <p>The arguments of an invocation of a raw method (one of {@code rawTargets}) are kept as their
 * JSON text ({@link JsonBytes}) instead. When the target comes before the arguments, as the official
 * clients and ours write it, each argument is skipped and its bytes taken from the record: no tree
 * is built. When the arguments come first the target is not known yet, so they are read as trees as
 * usual; if the target turns out raw they are sliced from the record again afterwards. Either way a
 * raw method sees the exact text the client sent.
 */
final class JsonMessageParser {

  private final JsonMapper mapper;

  JsonMessageParser(JsonMapper mapper) {
    this.mapper = mapper;
  }

  HubMessage parse(byte[] bytes, int offset, int length) {
    return parse(bytes, offset, length, Set.of());
  }

  /** Parses one record; invocations of {@code rawTargets} get their arguments as JSON text. */
  HubMessage parse(byte[] bytes, int offset, int length, Set<String> rawTargets) {
    try (JsonParser parser = mapper.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("a hub message must be a JSON object");
      }
      Fields fields = new Fields();
      String name;
      while ((name = parser.nextName()) != null) {
        readProperty(name, parser, fields, rawTargets, bytes, offset);
      }
      if (parser.currentToken() != JsonToken.END_OBJECT) throw malformed("unterminated JSON object");
      if (parser.nextToken() != null) throw malformed("unexpected content after the JSON object");
      // One check for hubs without raw methods: their invocations take exactly the path they always did.
      if (!rawTargets.isEmpty()) settleRaw(fields, rawTargets, bytes, offset, length);
      return fields.toMessage();
    } catch (JacksonException e) {
      throw new HubProtocolException(MALFORMED, "Malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  private void readProperty(String name, JsonParser parser, Fields fields, Set<String> rawTargets, byte[] bytes,
      int offset) {
    JsonToken token = parser.nextToken();
    switch (name) {
      case "type" -> {
        if (token != JsonToken.VALUE_NUMBER_INT) throw malformed("'type' must be an integer");
        fields.type = parser.getIntValue();
      }
      case "invocationId" -> fields.invocationId = optionalString(name, parser, token);
      case "target" -> fields.target = optionalString(name, parser, token);
      case "error" -> fields.error = optionalString(name, parser, token);
      case "arguments" -> {
        if (fields.target != null && !rawTargets.isEmpty() && rawTargets.contains(fields.target)) {
          fields.rawArguments = readRawArguments(parser, token, bytes, offset);
          fields.arguments = null;
        } else {
          if (!rawTargets.isEmpty()) fields.argumentsAt = (int) parser.currentTokenLocation().getByteOffset();
          fields.arguments = readArguments(parser, token);
          fields.rawArguments = null;
        }
      }
      case "item" -> {
        fields.item = readTree(parser);
        fields.hasItem = true;
      }
      case "result" -> {
        fields.result = readTree(parser);
        fields.hasResult = true;
      }
      case "sequenceId" -> {
        if (token != JsonToken.VALUE_NUMBER_INT) throw malformed("'sequenceId' must be an integer");
        fields.sequenceId = parser.getLongValue();
      }
      case "allowReconnect" -> {
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
          throw malformed("'allowReconnect' must be a boolean");
        }
        fields.allowReconnect = token == JsonToken.VALUE_TRUE;
      }
      default -> parser.skipChildren(); // headers, streamIds and properties of newer versions
    }
  }

  private static String optionalString(String name, JsonParser parser, JsonToken token) {
    if (token == JsonToken.VALUE_NULL) return null;
    if (token != JsonToken.VALUE_STRING) throw malformed("'" + name + "' must be a string");
    return parser.getString();
  }

  private List<JsonNode> readArguments(JsonParser parser, JsonToken token) {
    if (token != JsonToken.START_ARRAY) throw malformed("'arguments' must be an array");
    List<JsonNode> arguments = new ArrayList<>(4);
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      arguments.add(readTree(parser));
    }
    return arguments;
  }

  /**
   * Each argument's bytes, taken from the record as the parser skips it: its first byte is where
   * its first token starts, its end where the parser stands after its last token (a string token
   * is finished first, as its end is only found by reading it). Skipping checks the syntax as
   * reading a tree does, so a malformed argument fails the record the same way.
   */
  private static List<JsonBytes> readRawArguments(JsonParser parser, JsonToken token, byte[] bytes, int offset) {
    if (token != JsonToken.START_ARRAY) throw malformed("'arguments' must be an array");
    List<JsonBytes> arguments = new ArrayList<>(2);
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      int start = (int) parser.currentTokenLocation().getByteOffset();
      parser.skipChildren();
      parser.finishToken();
      int end = (int) parser.currentLocation().getByteOffset();
      arguments.add(new JsonBytes(Arrays.copyOfRange(bytes, offset + start, offset + end)));
    }
    return arguments;
  }

  /**
   * Once the whole record is read, the arguments match the final target: an invocation of a raw
   * method whose arguments came first gets them sliced from the record now; anything else with
   * raw arguments (a stream invocation, a target named twice) gets trees.
   */
  private void settleRaw(Fields fields, Set<String> rawTargets, byte[] bytes, int offset, int length) {
    boolean raw = fields.type != null && fields.type == 1 && fields.target != null
        && rawTargets.contains(fields.target);
    if (raw && fields.rawArguments == null && fields.arguments != null) {
      int at = fields.argumentsAt;
      try (JsonParser again = mapper.createParser(bytes, offset + at, length - at)) {
        fields.rawArguments = readRawArguments(again, again.nextToken(), bytes, offset + at);
      }
      fields.arguments = null;
    } else if (!raw && fields.rawArguments != null) {
      List<JsonNode> trees = new ArrayList<>(fields.rawArguments.size());
      for (JsonBytes argument : fields.rawArguments) trees.add(argument.toTree(mapper));
      fields.arguments = trees;
      fields.rawArguments = null;
    }
  }

  /**
   * Reads the value at the current token with the parser's own read context: one context per
   * record, where an {@code ObjectReader} made a new one for every argument.
   */
  private static JsonNode readTree(JsonParser parser) {
    JsonNode node = parser.readValueAsTree();
    return node == null ? NullNode.getInstance() : node;
  }

  static HubProtocolException malformed(String why) {
    return new HubProtocolException(MALFORMED, "Malformed hub message: " + why);
  }

  /** The properties seen so far in one record. */
  private static final class Fields {
    Integer type;
    String invocationId;
    String target;
    String error;
    List<JsonNode> arguments;
    /** Where the last tree {@code arguments} started in the record; kept only on hubs with raw methods. */
    int argumentsAt;
    List<JsonBytes> rawArguments;
    JsonNode item;
    boolean hasItem;
    JsonNode result;
    boolean hasResult;
    boolean allowReconnect;
    Long sequenceId;

    HubMessage toMessage() {
      if (type == null) throw malformed("missing 'type'");
      return switch (type) {
        case 1 -> rawArguments != null
            ? InvocationMessage.raw(invocationId, required(target, "target"), rawArguments)
            : new InvocationMessage(invocationId, required(target, "target"), required(arguments, "arguments"));
        case 2 -> {
          if (!hasItem) throw malformed("missing 'item'");
          yield new StreamItemMessage(required(invocationId, "invocationId"), item);
        }
        case 3 -> completion();
        case 4 -> new StreamInvocationMessage(required(invocationId, "invocationId"),
            required(target, "target"), required(arguments, "arguments"));
        case 5 -> new CancelInvocationMessage(required(invocationId, "invocationId"));
        case 6 -> PingMessage.INSTANCE;
        case 7 -> new CloseMessage(error, allowReconnect);
        case 8 -> new AckMessage(required(sequenceId, "sequenceId"));
        case 9 -> new SequenceMessage(required(sequenceId, "sequenceId"));
        default -> throw malformed("unknown message type " + type);
      };
    }

    private CompletionMessage completion() {
      String id = required(invocationId, "invocationId");
      if (error != null && hasResult) throw malformed("a completion has both 'result' and 'error'");
      if (error != null) return CompletionMessage.ofError(id, error);
      return hasResult ? CompletionMessage.ofResult(id, result) : CompletionMessage.ofVoid(id);
    }

    private <T> T required(T value, String name) {
      if (value == null) throw malformed("message type " + type + " is missing '" + name + "'");
      return value;
    }
  }
}
