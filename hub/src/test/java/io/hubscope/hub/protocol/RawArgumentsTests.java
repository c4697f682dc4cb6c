package io.hubscope.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON reader hands the arguments of raw targets over as the exact text the client sent, in
 * whichever order the record names target and arguments, and everything else as trees.
 */
class RawArgumentsTests {

  static final char RS = '\u001e';
  static final JsonMapper JSON = JsonMapper.builder().build();
  /** Every kind of JSON value, with spacing, escapes and multi-byte characters that must survive as they are. */
  static final String ARGS = "{ \"node\" : {\"id\":\"n\\u00e9\"}, \"events\":[1, 2.5e3, {\"a\":[]}] }"
      + " , \"tab\\t\\\"quoted\\\" é 😀\" ,-12,true , null,[],\"\"";
  static final List<String> EACH = List.of("{ \"node\" : {\"id\":\"n\\u00e9\"}, \"events\":[1, 2.5e3, {\"a\":[]}] }",
      "\"tab\\t\\\"quoted\\\" é 😀\"", "-12", "true", "null", "[]", "\"\"");

  final JsonHubProtocol protocol = new JsonHubProtocol();

  @Test
  void targetFirst_rawTarget_getsEachArgumentsExactText() {
    InvocationMessage m = readOne("{\"type\":1,\"invocationId\":\"7\",\"target\":\"Observe\",\"arguments\":[" + ARGS + "]}");

    assertThat(m.isRaw()).isTrue();
    assertThat(m.arguments()).isEmpty();
    assertThat(m.invocationId()).isEqualTo("7");
    assertThat(m.rawArguments()).extracting(JsonBytes::toString).containsExactlyElementsOf(EACH);
  }

  @Test
  void argumentsFirst_rawTarget_getsTheSameText() {
    InvocationMessage m = readOne("{\"arguments\":[" + ARGS + "],\"type\":1,\"target\":\"Observe\"}");

    assertThat(m.isRaw()).isTrue();
    assertThat(m.rawArguments()).extracting(JsonBytes::toString).containsExactlyElementsOf(EACH);
  }

  @Test
  void rawText_parsesToTheTreeAnOrdinaryMethodGets() {
    InvocationMessage raw = readOne("{\"type\":1,\"target\":\"Observe\",\"arguments\":[" + ARGS + "]}");
    InvocationMessage tree = readOne("{\"type\":1,\"target\":\"Other\",\"arguments\":[" + ARGS + "]}");

    assertThat(raw.rawArguments()).extracting(a -> a.toTree(JSON)).containsExactlyElementsOf(tree.arguments());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":1,\"target\":\"Other\",\"arguments\":[{\"a\":1},\"x\"]}",
      "{\"arguments\":[{\"a\":1},\"x\"],\"type\":1,\"target\":\"Other\"}",
      // The target named twice: the last one counts, as for every property.
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"a\":1},\"x\"],\"target\":\"Other\"}"})
  void otherTargets_getTrees_onAHubWithRawMethods(String record) {
    InvocationMessage m = readOne(record);

    assertThat(m.isRaw()).isFalse();
    assertThat(m.target()).isEqualTo("Other");
    assertThat(m.arguments()).containsExactly(JSON.readTree("{\"a\":1}"), JSON.readTree("\"x\""));
  }

  @Test
  void withoutRawTargets_theRawTargetIsAnOrdinaryOne() {
    List<HubMessage> out = new ArrayList<>();
    protocol.newReader(1024).read(wrap("{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"a\":1}]}" + RS), out::add);

    assertThat(((InvocationMessage) out.get(0)).arguments()).containsExactly(JSON.readTree("{\"a\":1}"));
  }

  @Test
  void streamInvocationOfARawTarget_getsTrees() {
    HubMessage m = readAll("{\"type\":4,\"invocationId\":\"1\",\"target\":\"Observe\",\"arguments\":[{\"a\":1}]}" + RS).get(0);

    assertThat(m).isEqualTo(new StreamInvocationMessage("1", "Observe", List.of(JSON.readTree("{\"a\":1}"))));
  }

  @Test
  void recordsSplitAcrossFramesAndSharingOne_keepTheirOwnBytes() {
    String first = "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"seq\":1,\"pad\":\"" + "x".repeat(3000) + "\"}]}";
    String second = "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"seq\":2}]}";
    byte[] stream = (first + RS + second + RS).getBytes(StandardCharsets.UTF_8);
    List<HubMessage> out = new ArrayList<>();
    HubProtocol.Reader reader = protocol.newReader(1 << 20, Set.of("Observe"));
    for (int at = 0; at < stream.length; at += 1000) {
      reader.read(ByteBuffer.wrap(stream, at, Math.min(1000, stream.length - at)), out::add);
    }

    assertThat(out).hasSize(2);
    assertThat(((InvocationMessage) out.get(0)).rawArguments().get(0).toString())
        .isEqualTo("{\"seq\":1,\"pad\":\"" + "x".repeat(3000) + "\"}");
    assertThat(((InvocationMessage) out.get(1)).rawArguments().get(0).toString()).isEqualTo("{\"seq\":2}");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"events\":[{\"a\":\"bad \\q escape\"}]}]}",
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"a\":01}]}",
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":[{\"a\" 1}]}",
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":[\"unterminated]}",
      "{\"type\":1,\"target\":\"Observe\",\"arguments\":{\"a\":1}}",
      "{\"type\":1,\"target\":\"Observe\"}",
      "{\"arguments\":[{\"a\":tru}],\"type\":1,\"target\":\"Observe\"}"})
  void malformedRecords_failAsForTrees(String record) {
    assertThatThrownBy(() -> readAll(record + RS)).isInstanceOfSatisfying(HubProtocolException.class,
        e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.MALFORMED));
    String other = record.replace("Observe", "Other");
    assertThatThrownBy(() -> readAll(other + RS)).as("the same record for a tree method")
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.MALFORMED));
  }

  @Test
  void encode_rawInvocation_writesTheTextAsItIs() {
    InvocationMessage raw = InvocationMessage.raw("1", "Observe", List.of(new JsonBytes("{ \"a\" : [1] }".getBytes())));

    assertThat(new String(protocol.encode(raw), StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Observe\",\"arguments\":[{ \"a\" : [1] }]}" + RS);
  }

  @Test
  void encode_rawInvocation_inMessagePack_isTheTreeInvocation() {
    InvocationMessage raw = InvocationMessage.raw("1", "Observe", List.of(new JsonBytes("{\"a\":[1,\"é\"]}".getBytes(
        StandardCharsets.UTF_8))));
    InvocationMessage tree = new InvocationMessage("1", "Observe", List.of(JSON.readTree("{\"a\":[1,\"é\"]}")));

    assertThat(HubProtocols.MESSAGE_PACK.encode(raw)).isEqualTo(HubProtocols.MESSAGE_PACK.encode(tree));
  }

  @Test
  void invocation_refusesTreeAndRawArgumentsTogether() {
    List<JsonNode> trees = List.of(JSON.readTree("1"));
    List<JsonBytes> raw = List.of(new JsonBytes("1".getBytes()));
    assertThatThrownBy(() -> new InvocationMessage(null, "Observe", trees, raw))
        .hasMessageContaining("both tree and raw arguments");
  }

  private InvocationMessage readOne(String record) {
    List<HubMessage> out = readAll(record + RS);
    assertThat(out).hasSize(1);
    return (InvocationMessage) out.get(0);
  }

  private List<HubMessage> readAll(String records) {
    List<HubMessage> out = new ArrayList<>();
    protocol.newReader(1 << 20, Set.of("Observe")).read(wrap(records), out::add);
    return out;
  }

  private static ByteBuffer wrap(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
