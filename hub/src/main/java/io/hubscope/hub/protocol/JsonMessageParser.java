package io.hubscope.hub.protocol;

import static io.hubscope.hub.protocol.HubProtocolException.Kind.MALFORMED;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses one JSON record (without its 0x1E) into a {@link HubMessage}. Properties may come in any
 * order (the spec does not fix one), so they are collected first and checked against the type at
 * the end. Unknown properties and {@code headers} are skipped, as the spec asks of headers and as
 * other implementations do for forward compatibility.
 *
 * <p>The arguments of an invocation of a decoded method (one with an {@link ArgumentDecoder}) are
 * decoded by it from this same parser as they are read, instead of becoming trees. That takes the
 * target first, as the official clients and ours write it. When the arguments come first the
 * target is not known yet, so they are read as trees as usual; if the target turns out decoded they
 * are read again from the record with its decoder, so property order never changes what the
 * method gets.
 */
final class JsonMessageParser {

  private final JsonMapper mapper;

  JsonMessageParser(JsonMapper mapper) {
    this.mapper = mapper;
  }

  HubMessage parse(byte[] bytes, int offset, int length) {
    return parse(bytes, offset, length, Map.of());
  }

  /** Parses one record; invocations of a target in {@code decoders} get their arguments decoded by it. */
  HubMessage parse(byte[] bytes, int offset, int length, Map<String, ArgumentDecoder<?>> decoders) {
    try (JsonParser parser = mapper.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("a hub message must be a JSON object");
      }
      Fields fields = new Fields();
      String name;
      while ((name = parser.nextName()) != null) {
        readProperty(name, parser, fields, decoders);
      }
      if (parser.currentToken() != JsonToken.END_OBJECT) throw malformed("unterminated JSON object");
      if (parser.nextToken() != null) throw malformed("unexpected content after the JSON object");
      // One check for hubs without decoded methods: their invocations take exactly the path they always did.
      if (!decoders.isEmpty()) settleDecoded(fields, decoders, bytes, offset, length);
      return fields.toMessage();
    } catch (JacksonException e) {
      throw new HubProtocolException(MALFORMED, "Malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  private void readProperty(String name, JsonParser parser, Fields fields, Map<String, ArgumentDecoder<?>> decoders) {
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
        ArgumentDecoder<?> decoder = null;
        if (!decoders.isEmpty()) {
          fields.argumentsAt = (int) parser.currentTokenLocation().getByteOffset();
          decoder = fields.target == null ? null : decoders.get(fields.target);
        }
        fields.decodedBy = decoder;
        if (decoder != null) {
          fields.decoded = readDecoded(parser, token, decoder);
          fields.arguments = null;
        } else {
          fields.arguments = readArguments(parser, token);
          fields.decoded = null;
        }
      }
      case "item" -> {
        fields.item = JsonTrees.read(parser);
        fields.hasItem = true;
      }
      case "result" -> {
        fields.result = JsonTrees.read(parser);
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
      arguments.add(JsonTrees.read(parser));
    }
    return arguments;
  }

  /**
   * Each argument as its decoder reads it from this parser. The decoder must leave the parser on
   * the argument's last token: anything else would misread the rest of the record, so it fails.
   */
  private static List<Object> readDecoded(JsonParser parser, JsonToken token, ArgumentDecoder<?> decoder) {
    if (token != JsonToken.START_ARRAY) throw malformed("'arguments' must be an array");
    TokenStreamContext array = parser.streamReadContext();
    List<Object> arguments = new ArrayList<>(2);
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      int index = array.getCurrentIndex();
      arguments.add(decoder.decode(parser));
      // Back in the arguments array, at the same element: not inside the argument, not past it.
      if (parser.streamReadContext() != array || array.getCurrentIndex() != index) {
        throw new IllegalStateException("the decoder did not read exactly one argument: " + decoder);
      }
    }
    return arguments;
  }

  /**
   * Once the whole record is read, the arguments match the final target: an invocation of a
   * decoded method whose arguments came before its target gets them read again from the record and
   * decoded; anything else that was decoded for a target named earlier (a stream invocation, a
   * target named twice) gets them read again as the final target wants them.
   */
  private void settleDecoded(Fields fields, Map<String, ArgumentDecoder<?>> decoders, byte[] bytes, int offset,
      int length) {
    ArgumentDecoder<?> wanted = fields.type != null && fields.type == 1 && fields.target != null
        ? decoders.get(fields.target) : null;
    if (fields.decodedBy == wanted || (fields.arguments == null && fields.decoded == null)) return;
    int at = fields.argumentsAt;
    try (JsonParser again = mapper.createParser(bytes, offset + at, length - at)) {
      JsonToken token = again.nextToken();
      if (wanted != null) {
        fields.decoded = readDecoded(again, token, wanted);
        fields.arguments = null;
      } else {
        fields.arguments = readArguments(again, token);
        fields.decoded = null;
      }
    }
    fields.decodedBy = wanted;
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
    /** Where the last {@code arguments} started in the record; kept only on hubs with decoded methods. */
    int argumentsAt;
    List<Object> decoded;
    ArgumentDecoder<?> decodedBy;
    JsonNode item;
    boolean hasItem;
    JsonNode result;
    boolean hasResult;
    boolean allowReconnect;
    Long sequenceId;

    HubMessage toMessage() {
      if (type == null) throw malformed("missing 'type'");
      return switch (type) {
        case 1 -> decoded != null
            ? InvocationMessage.decoded(invocationId, required(target, "target"), decoded)
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
