package io.hubscope.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fixture bytes are copied by hand from the examples of the SignalR HubProtocol.md spec
 * ("MessagePack (MsgPack) encoding"); each is a body, framed here with its one-byte length.
 */
class MessagePackHubProtocolTests {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  final MessagePackHubProtocol protocol = new MessagePackHubProtocol();

  // 0x96 0x01 0x80 "xyz" "method" [42] []
  static final int[] SPEC_INVOCATION = {0x96, 0x01, 0x80, 0xa3, 0x78, 0x79, 0x7a,
      0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x91, 0x2a, 0x90};
  static final int[] SPEC_NON_BLOCKING_INVOCATION = {0x96, 0x01, 0x80, 0xc0,
      0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x91, 0x2a, 0x90};
  static final int[] SPEC_INVOCATION_WITH_HEADERS = {0x96, 0x01, 0x82, 0xa1, 0x78, 0xa1, 0x79,
      0xa1, 0x7a, 0xa1, 0x7a, 0xa3, 0x78, 0x79, 0x7a, 0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64,
      0x91, 0x2a, 0x90};
  static final int[] SPEC_STREAM_INVOCATION = {0x96, 0x04, 0x80, 0xa3, 0x78, 0x79, 0x7a,
      0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x91, 0x2a, 0x90};
  static final int[] SPEC_STREAM_ITEM = {0x94, 0x02, 0x80, 0xa3, 0x78, 0x79, 0x7a, 0x2a};
  static final int[] SPEC_COMPLETION_ERROR = {0x95, 0x03, 0x80, 0xa3, 0x78, 0x79, 0x7a, 0x01,
      0xa5, 0x45, 0x72, 0x72, 0x6f, 0x72};
  static final int[] SPEC_COMPLETION_VOID = {0x94, 0x03, 0x80, 0xa3, 0x78, 0x79, 0x7a, 0x02};
  static final int[] SPEC_COMPLETION_RESULT = {0x95, 0x03, 0x80, 0xa3, 0x78, 0x79, 0x7a, 0x03, 0x2a};
  static final int[] SPEC_CANCEL = {0x93, 0x05, 0x80, 0xa3, 0x78, 0x79, 0x7a};
  static final int[] SPEC_PING = {0x91, 0x06};
  static final int[] SPEC_CLOSE = {0x92, 0x07, 0xa3, 0x78, 0x79, 0x7a};
  static final int[] SPEC_CLOSE_ALLOW_RECONNECT = {0x93, 0x07, 0xa3, 0x78, 0x79, 0x7a, 0xc3};
  static final int[] SPEC_ACK = {0x92, 0x08, 0xcc, 0x24};
  static final int[] SPEC_SEQUENCE = {0x92, 0x09, 0xcc, 0x13};

  static Stream<Arguments> specFixtures() {
    List<tools.jackson.databind.JsonNode> fortyTwo = List.of(NODES.numberNode(42));
    return Stream.of(
        Arguments.of("invocation", SPEC_INVOCATION, new InvocationMessage("xyz", "method", fortyTwo)),
        Arguments.of("non-blocking", SPEC_NON_BLOCKING_INVOCATION, new InvocationMessage(null, "method", fortyTwo)),
        Arguments.of("headers", SPEC_INVOCATION_WITH_HEADERS, new InvocationMessage("xyz", "method", fortyTwo)),
        Arguments.of("stream invocation", SPEC_STREAM_INVOCATION, new StreamInvocationMessage("xyz", "method", fortyTwo)),
        Arguments.of("stream item", SPEC_STREAM_ITEM, new StreamItemMessage("xyz", NODES.numberNode(42))),
        Arguments.of("error completion", SPEC_COMPLETION_ERROR, CompletionMessage.ofError("xyz", "Error")),
        Arguments.of("void completion", SPEC_COMPLETION_VOID, CompletionMessage.ofVoid("xyz")),
        Arguments.of("result completion", SPEC_COMPLETION_RESULT, CompletionMessage.ofResult("xyz", NODES.numberNode(42))),
        Arguments.of("cancel", SPEC_CANCEL, new CancelInvocationMessage("xyz")),
        Arguments.of("ping", SPEC_PING, PingMessage.INSTANCE),
        Arguments.of("close", SPEC_CLOSE, new CloseMessage("xyz", false)),
        Arguments.of("close allowing reconnect", SPEC_CLOSE_ALLOW_RECONNECT, new CloseMessage("xyz", true)),
        Arguments.of("ack", SPEC_ACK, new AckMessage(36)),
        Arguments.of("sequence", SPEC_SEQUENCE, new SequenceMessage(19)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specFixtures")
  void read_decodesSpecFixture(String name, int[] body, HubMessage expected) {
    assertThat(readAll(framed(body))).containsExactly(expected);
  }

  static Stream<Arguments> specFixturesEncodedVerbatim() {
    return specFixtures().filter(a -> !a.get()[0].toString().contains("invocation")
        && !a.get()[0].equals("non-blocking") && !a.get()[0].equals("headers")
        && !a.get()[0].equals("ack") && !a.get()[0].equals("sequence"));
  }

  @Test
  void encode_ackAndSequenceUseTheSmallestUnsignedInt() {
    // The spec's examples write 36 and 19 as uint8 (0xcc) and allow "any unsigned int size": we write
    // the one-byte positive fixint, and a uint32 past 2^31 for a long id.
    assertThat(protocol.encode(new AckMessage(36))).isEqualTo(framed(new int[] {0x92, 0x08, 0x24}));
    assertThat(protocol.encode(new SequenceMessage(19))).isEqualTo(framed(new int[] {0x92, 0x09, 0x13}));
    assertThat(readAll(protocol.encode(new AckMessage(3_000_000_000L)))).containsExactly(new AckMessage(3_000_000_000L));
  }

  @Test
  void read_refusesAckWithoutSequenceIdOrWithANegativeOne() {
    assertThatThrownBy(() -> readAll(framed(new int[] {0x91, 0x08}))).hasMessageContaining("needs 2 array elements");
    assertThatThrownBy(() -> readAll(framed(new int[] {0x92, 0x09, 0xff}))).hasMessageContaining("negative sequence id");
    assertThatThrownBy(() -> readAll(framed(new int[] {0x92, 0x08, 0xa1, 0x31}))).hasMessageContaining("sequence id");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specFixturesEncodedVerbatim")
  void encode_producesSpecFixtureBytes(String name, int[] body, HubMessage message) {
    assertThat(protocol.encode(message)).isEqualTo(framed(body));
  }

  @Test
  void encode_invocationUsesSpecLayoutWithoutTheOptionalStreamIds() {
    // The spec example minus its trailing 0x90 (empty StreamIds), so a 5-element array (0x95).
    int[] expected = Arrays.copyOf(SPEC_INVOCATION, SPEC_INVOCATION.length - 1);
    expected[0] = 0x95;

    assertThat(protocol.encode(new InvocationMessage("xyz", "method", List.of(NODES.numberNode(42)))))
        .isEqualTo(framed(expected));
  }

  @Test
  void encode_prefixesLengthAsVarInt() {
    // 5248 is the spec's two-byte VarInt example: 0x80 0x29. The body is 10 bytes of layout
    // (array, type, headers, nil id, "T", args array, str16 header) plus the string.
    byte[] encoded = protocol.encode(new InvocationMessage(null, "T", List.of(NODES.stringNode("x".repeat(5248 - 10)))));

    assertThat(encoded.length).isEqualTo(5248 + 2);
    assertThat(Arrays.copyOf(encoded, 2)).containsExactly(0x80, 0x29);
  }

  static Stream<HubMessage> everyType() {
    ObjectNode state = NODES.objectNode();
    state.put("Name", "Ünïcødé ✓").put("Count", -3).put("Ratio", 0.25).put("Big", 1L << 40)
        .put("Float", 1.5f).put("Bytes", new byte[] {1, 2, 3});
    state.putArray("List").add(1).add("two").addNull().add(false);
    state.putObject("Nested").putObject("Deeper").put("Deep", true);
    return Stream.of(
        new InvocationMessage("1", "Update_VM", List.of(NODES.stringNode("HelloWorld"), state)),
        new InvocationMessage(null, "Dispose_VM", List.of()),
        new StreamItemMessage("2", state),
        CompletionMessage.ofResult("3", state),
        CompletionMessage.ofResult("3", NullNode.getInstance()),
        CompletionMessage.ofError("4", "boom"),
        CompletionMessage.ofVoid("5"),
        new StreamInvocationMessage("6", "Stream", List.of(NODES.numberNode(5))),
        new CancelInvocationMessage("6"),
        PingMessage.INSTANCE,
        new CloseMessage("bye", true),
        new CloseMessage(null, false));
  }

  @ParameterizedTest
  @MethodSource("everyType")
  void roundTrip_everyType(HubMessage message) {
    assertThat(readAll(protocol.encode(message))).containsExactly(message);
  }

  @Test
  void read_keepsMessagesSplitAcrossFramesAtEveryOffset() {
    // A body over 127 bytes, so that the split also falls between the two VarInt bytes.
    byte[] stream = JsonHubProtocolTests.concat(
        protocol.encode(new InvocationMessage("1", "A", List.of(NODES.stringNode("y".repeat(200))))),
        protocol.encode(PingMessage.INSTANCE),
        protocol.encode(CompletionMessage.ofResult("2", NODES.numberNode(7))));
    for (int split = 1; split < stream.length; split++) {
      HubProtocol.Reader reader = protocol.newReader(1024);
      List<HubMessage> out = new ArrayList<>();
      reader.read(ByteBuffer.wrap(stream, 0, split), out::add);
      reader.read(ByteBuffer.wrap(stream, split, stream.length - split), out::add);

      assertThat(out).as("split at %d", split).hasSize(3).last()
          .isEqualTo(CompletionMessage.ofResult("2", NODES.numberNode(7)));
    }
  }

  @Test
  void read_keepsMessageDeliveredByteByByte() {
    byte[] stream = protocol.encode(new InvocationMessage("1", "A", List.of(NODES.stringNode("z".repeat(300)))));
    LengthPrefixedReader reader = (LengthPrefixedReader) protocol.newReader(1024);
    List<HubMessage> out = new ArrayList<>();
    for (byte b : stream) {
      reader.read(ByteBuffer.wrap(new byte[] {b}), out::add);
    }
    assertThat(out).hasSize(1);
    assertThat(reader.bufferedBytes()).isZero();
  }

  @Test
  void read_refusesOversizedMessageFromItsPrefixBeforeBufferingTheBody() {
    byte[] frame = new byte[1024 * 1024];
    int prefix = VarInt.write(frame.length - 3, frame, 0);
    assertThat(prefix).isEqualTo(3);
    LengthPrefixedReader reader = (LengthPrefixedReader) protocol.newReader(64 * 1024);

    assertThatThrownBy(() -> reader.read(ByteBuffer.wrap(frame), m -> { }))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.OVERSIZED));
    assertThat(reader.bufferedBytes()).isZero();
  }

  @Test
  void read_refusesOversizedMessageWhosePrefixArrivesAlone() {
    byte[] prefix = new byte[5];
    int size = VarInt.write(100_000, prefix, 0);
    HubProtocol.Reader reader = protocol.newReader(1000);
    reader.read(ByteBuffer.wrap(prefix, 0, 1), m -> { });

    assertThatThrownBy(() -> reader.read(ByteBuffer.wrap(prefix, 1, size - 1), m -> { }))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.OVERSIZED));
  }

  @Test
  void read_acceptsExtraArrayElementsFromNewerPeers() {
    // Invocation with 7 elements: the spec's 6 plus one unknown trailing value.
    int[] body = Arrays.copyOf(SPEC_INVOCATION, SPEC_INVOCATION.length + 1);
    body[0] = 0x97;
    body[body.length - 1] = 0xc3;

    assertThat(readAll(framed(body)))
        .containsExactly(new InvocationMessage("xyz", "method", List.of(NODES.numberNode(42))));
  }

  @Test
  void read_mapsMessagePackValuesToJacksonTrees() {
    // [3, {}, "1", 3, {1: bin[0xff], "f": float32 1.5, "u": uint64 max, "t": timestamp32 0}]
    int[] body = {0x95, 0x03, 0x80, 0xa1, 0x31, 0x03, 0x84,
        0x01, 0xc4, 0x01, 0xff,
        0xa1, 0x66, 0xca, 0x3f, 0xc0, 0x00, 0x00,
        0xa1, 0x75, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xa1, 0x74, 0xd6, 0xff, 0x00, 0x00, 0x00, 0x00};

    CompletionMessage completion = (CompletionMessage) readAll(framed(body)).get(0);

    assertThat(completion.result().get("1").binaryValue()).containsExactly(0xff);
    assertThat(completion.result().get("f").isFloat()).isTrue();
    assertThat(completion.result().get("f").floatValue()).isEqualTo(1.5f);
    assertThat(completion.result().get("u").bigIntegerValue()).hasToString("18446744073709551615");
    assertThat(completion.result().get("t").stringValue()).isEqualTo("1970-01-01T00:00:00Z");
  }

  static Stream<Arguments> malformedBodies() {
    return Stream.of(
        Arguments.of("not an array", new int[] {0x2a}, "must be array"),
        Arguments.of("empty array", new int[] {0x90}, "empty message array"),
        Arguments.of("type not an integer", new int[] {0x91, 0xa1, 0x31}, "message type must be integer"),
        Arguments.of("unknown type", new int[] {0x91, 0x0a}, "unknown message type 10"),
        Arguments.of("invocation too short", new int[] {0x93, 0x01, 0x80, 0xc0}, "needs 5 array elements"),
        Arguments.of("target not a string", new int[] {0x95, 0x01, 0x80, 0xc0, 0x2a, 0x90}, "target must be string"),
        Arguments.of("headers not a map", new int[] {0x93, 0x05, 0x90, 0xa1, 0x31}, "headers must be map"),
        Arguments.of("arguments not an array", new int[] {0x95, 0x01, 0x80, 0xc0, 0xa1, 0x54, 0x2a}, "arguments must be array"),
        Arguments.of("unknown result kind", new int[] {0x94, 0x03, 0x80, 0xa1, 0x31, 0x04}, "result kind 4"),
        Arguments.of("result kind without result", new int[] {0x94, 0x03, 0x80, 0xa1, 0x31, 0x03}, "needs 5"),
        Arguments.of("array claims more than present", new int[] {0x95, 0x01, 0x80}, "truncated"),
        Arguments.of("string claims 2 GB", new int[] {0x93, 0x05, 0x80, 0xdb, 0x7f, 0xff, 0xff, 0xff}, "more than the message holds"),
        Arguments.of("bytes after the array", new int[] {0x91, 0x06, 0x06}, "bytes left after"),
        Arguments.of("map key is an array", new int[] {0x94, 0x02, 0x80, 0xa1, 0x31, 0x81, 0x90, 0x01}, "map keys must be"),
        Arguments.of("never-used byte", new int[] {0x94, 0x02, 0x80, 0xa1, 0x31, 0xc1}, "Malformed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodies")
  void read_refusesMalformedMessageWithClearMessage(String name, int[] body, String because) {
    assertThatThrownBy(() -> readAll(framed(body)))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.MALFORMED))
        .hasMessageContaining(because);
  }

  @Test
  void read_refusesDeeplyNestedValuesWithoutOverflowingTheStack() {
    int depth = 100_000;
    byte[] body = new byte[6 + depth];
    byte[] head = {(byte) 0x94, 0x02, (byte) 0x80, (byte) 0xa1, 0x31};
    System.arraycopy(head, 0, body, 0, head.length);
    Arrays.fill(body, head.length, body.length - 1, (byte) 0x91);
    body[body.length - 1] = 0x01;

    assertThatThrownBy(() -> readAll(frame(body)))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.MALFORMED))
        .hasMessageContaining("nested deeper");
  }

  @Test
  void read_refusesZeroLengthAndOverlongPrefixes() {
    assertThatThrownBy(() -> readAll(new byte[] {0x00}))
        .hasMessageContaining("Empty MessagePack message");
    byte[] sixBytePrefix = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
    assertThatThrownBy(() -> readAll(sixBytePrefix))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.MALFORMED))
        .hasMessageContaining("longer than 5 bytes");
  }

  @Test
  void varInt_readsAndWritesSpecExamples() {
    assertThat(VarInt.read(new byte[] {0x35}, 0, 1)).isEqualTo((1L << 32) | 53);
    assertThat(VarInt.read(new byte[] {(byte) 0x80, 0x29}, 0, 2)).isEqualTo((2L << 32) | 5248);
    byte[] max = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
    assertThat(VarInt.read(max, 0, 5)).isEqualTo((5L << 32) | Integer.MAX_VALUE);
    assertThat(VarInt.read(new byte[] {(byte) 0x80}, 0, 1)).isEqualTo(VarInt.INCOMPLETE);

    byte[] out = new byte[5];
    assertThat(VarInt.write(Integer.MAX_VALUE, out, 0)).isEqualTo(5);
    assertThat(out).isEqualTo(max);
    assertThat(VarInt.size(127)).isEqualTo(1);
    assertThat(VarInt.size(128)).isEqualTo(2);
  }

  List<HubMessage> readAll(byte[] frame) {
    List<HubMessage> out = new ArrayList<>();
    protocol.newReader(1024 * 1024).read(ByteBuffer.wrap(frame), out::add);
    return out;
  }

  /** A one-message frame: the body's VarInt length, then the body. */
  static byte[] framed(int[] body) {
    byte[] bytes = new byte[body.length];
    for (int i = 0; i < body.length; i++) bytes[i] = (byte) body[i];
    return frame(bytes);
  }

  static byte[] frame(byte[] body) {
    byte[] framed = new byte[VarInt.size(body.length) + body.length];
    int prefix = VarInt.write(body.length, framed, 0);
    System.arraycopy(body, 0, framed, prefix, body.length);
    return framed;
  }
}
