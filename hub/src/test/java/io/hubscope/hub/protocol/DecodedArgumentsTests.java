package io.hubscope.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The JSON reader decodes the arguments of decoded targets from its own parser, in whichever order
 * the record names target and arguments, and reads everything else as trees.
 */
class DecodedArgumentsTests {

  static final char RS = '\u001e';
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String ARGS = "{ \"node\" : {\"id\":\"n\\u00e9\"}, \"events\":[1, 2.5e3, {\"a\":[]}], \"node\":5 }"
      + " , \"tab\\t\\\"quoted\\\" é 😀\" ,-12,true , null,[],\"\", 12345678901234567890123";
  /** Decodes an argument into a tree, from the reader's parser: what a decoder saw, comparable. */
  static final ArgumentDecoder<JsonNode> TREE = parser -> {
    JsonNode tree = parser.readValueAsTree();
    return tree == null ? NullNode.getInstance() : tree;
  };
  /** Counts an argument's tokens and skips it, as a decoder that keeps nothing would. */
  static final ArgumentDecoder<Integer> TOKENS = parser -> {
    int tokens = 1;
    if (parser.currentToken().isStructStart()) {
      for (int depth = 1; depth > 0; tokens++) {
        JsonToken token = parser.nextToken();
        if (token.isStructStart()) depth++;
        if (token.isStructEnd()) depth--;
      }
    }
    return tokens;
  };

  final JsonHubProtocol protocol = new JsonHubProtocol();

  @Test
  void targetFirst_decodedTarget_getsItsDecodersValues() {
    InvocationMessage m = readOne("{\"type\":1,\"invocationId\":\"7\",\"target\":\"Observe\",\"arguments\":[" + ARGS + "]}");

    assertThat(m.isDecoded()).isTrue();
    assertThat(m.arguments()).isEmpty();
    assertThat(m.invocationId()).isEqualTo("7");
    assertThat(m.decodedArguments()).containsExactlyElementsOf(trees());
  }

  @Test
  void argumentsFirst_decodedTarget_getsTheSameValues() {
    InvocationMessage m = readOne("{\"arguments\":[" + ARGS + "],\"type\":1,\"target\":\"Observe\"}");

    assertThat(m.isDecoded()).isTrue();
    assertThat(m.decodedArguments()).containsExactlyElementsOf(trees());
  }

  @Test
  void decoderThatSkips_leavesTheRestOfTheRecordReadable() {
    InvocationMessage m = read("{\"type\":1,\"target\":\"Count\",\"arguments\":[{\"a\":[1,{\"b\":2}]},7,[]],"
        + "\"invocationId\":\"after\"}", Map.of("Count", TOKENS));

    assertThat(m.decodedArguments()).containsExactly(10, 1, 2);
    assertThat(m.invocationId()).isEqualTo("after");
  }

  @Test
  void decoderThatReadsTooLittleOrTooMuch_failsTheRecord() {
    ArgumentDecoder<Object> tooLittle = parser -> parser.nextToken();
    ArgumentDecoder<Object> tooMuch = parser -> {
      parser.skipChildren();
      return parser.nextToken();
    };

    for (ArgumentDecoder<?> decoder : List.of(tooLittle, tooMuch)) {
      assertThatThrownBy(() -> read("{\"type\":1,\"target\":\"Bad\",\"arguments\":[{\"a\":1},2]}", Map.of("Bad", decoder)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not read exactly one argument");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":1,\"target\":\"Other\",\"arguments\":[{\"a\":1},\"x\"]}",
      "{\"arguments\":[{\"a\":1},\"x\"],\"type\":1,\"target\":\"Other\"}",
      // The target named twice: the last one counts, as for every property.
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"a\":1},\"x\"],\"target\":\"Other\"}"})
  void otherTargets_getTrees_onAHubWithDecodedMethods(String record) {
    InvocationMessage m = readOne(record);

    assertThat(m.isDecoded()).isFalse();
    assertThat(m.target()).isEqualTo("Other");
    assertThat(m.arguments()).containsExactly(JSON.readTree("{\"a\":1}"), JSON.readTree("\"x\""));
  }

  @Test
  void targetNamedTwice_lastDecodedTargetDecodes() {
    InvocationMessage m = read("{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"a\":1}],\"target\":\"Count\"}",
        Map.of("Observe", TREE, "Count", TOKENS));

    assertThat(m.decodedArguments()).containsExactly(4);
  }

  @Test
  void withoutDecoders_theTargetIsAnOrdinaryOne() {
    List<HubMessage> out = new ArrayList<>();
    protocol.newReader(1024).read(wrap("{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"a\":1}]}" + RS), out::add);

    assertThat(((InvocationMessage) out.get(0)).arguments()).containsExactly(JSON.readTree("{\"a\":1}"));
  }

  @Test
  void streamInvocationOfADecodedTarget_getsTrees() {
    HubMessage m = readAll("{\"type\":4,\"invocationId\":\"1\",\"target\":\"Observe\",\"arguments\":[{\"a\":1}]}" + RS,
        Map.of("Observe", TREE)).get(0);

    assertThat(m).isEqualTo(new StreamInvocationMessage("1", "Observe", List.of(JSON.readTree("{\"a\":1}"))));
  }

  @Test
  void recordsSplitAcrossFramesAndSharingOne_areDecodedEach() {
    String first = "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"seq\":1,\"pad\":\"" + "x".repeat(3000) + "\"}]}";
    String second = "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"seq\":2}]}";
    byte[] stream = (first + RS + second + RS).getBytes(StandardCharsets.UTF_8);
    List<HubMessage> out = new ArrayList<>();
    HubProtocol.Reader reader = protocol.newReader(1 << 20, Map.of("Observe", TREE));
    for (int at = 0; at < stream.length; at += 1000) {
      reader.read(ByteBuffer.wrap(stream, at, Math.min(1000, stream.length - at)), out::add);
    }

    assertThat(out).extracting(m -> ((InvocationMessage) m).decodedArguments().get(0))
        .containsExactly(JSON.readTree("{\"seq\":1,\"pad\":\"" + "x".repeat(3000) + "\"}"), JSON.readTree("{\"seq\":2}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"events\":[{\"a\":\"bad \\q escape\"}]}]}",
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"a\":01}]}",
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"a\" 1}]}",
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":[\"unterminated]}",
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":{\"a\":1}}",
      "{\"type\":1,\"target\":\"Observe\"}",
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"a\":1}] trailing}",
      "{\"arguments\":[{\"a\":tru}],\"type\":1,\"target\":\"Observe\"}"})
  void malformedRecords_failAsForTrees(String record) {
    for (ArgumentDecoder<?> decoder : List.of(TREE, TOKENS)) {
      assertThatThrownBy(() -> readAll(record + RS, Map.of("Observe", decoder)))
          .isInstanceOfSatisfying(HubProtocolException.class,
              e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.MALFORMED));
    }
    assertThatThrownBy(() -> readAll(record.replace("Observe", "Other") + RS, Map.of("Observe", TREE)))
        .as("the same record for a tree method")
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.MALFORMED));
  }

  @Test
  void encode_decodedInvocation_writesTheValuesAsJacksonDoes() {
    InvocationMessage decoded = InvocationMessage.decoded("1", "Observe", List.of(Map.of("a", List.of(1, "é"))));
    InvocationMessage tree = new InvocationMessage("1", "Observe", List.of(JSON.readTree("{\"a\":[1,\"é\"]}")));

    assertThat(protocol.encode(decoded)).isEqualTo(protocol.encode(tree));
    assertThat(HubProtocols.MESSAGE_PACK.encode(decoded)).isEqualTo(HubProtocols.MESSAGE_PACK.encode(tree));
  }

  @Test
  void invocation_refusesTreeAndDecodedArgumentsTogether() {
    List<JsonNode> trees = List.of(JSON.readTree("1"));
    List<Object> decoded = List.of(1);
    assertThatThrownBy(() -> new InvocationMessage(null, "Observe", trees, decoded))
        .hasMessageContaining("both tree and decoded arguments");
  }

  private static List<Object> trees() {
    return new ArrayList<>(JSON.readTree("[" + ARGS + "]").valueStream().toList());
  }

  private InvocationMessage readOne(String record) {
    return read(record, Map.of("Observe", TREE));
  }

  private InvocationMessage read(String record, Map<String, ArgumentDecoder<?>> decoders) {
    List<HubMessage> out = readAll(record + RS, decoders);
    assertThat(out).hasSize(1);
    return (InvocationMessage) out.get(0);
  }

  private List<HubMessage> readAll(String records, Map<String, ArgumentDecoder<?>> decoders) {
    List<HubMessage> out = new ArrayList<>();
    protocol.newReader(1 << 20, decoders).read(wrap(records), out::add);
    return out;
  }

  private static ByteBuffer wrap(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
