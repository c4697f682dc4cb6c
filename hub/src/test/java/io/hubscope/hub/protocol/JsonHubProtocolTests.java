package io.hubscope.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

class JsonHubProtocolTests {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final char RS = '\u001e';

  final JsonHubProtocol protocol = new JsonHubProtocol();

  @Test
  void describesItselfAsTextProtocolNamedJson() {
    assertThat(protocol.name()).isEqualTo("json");
    assertThat(protocol.isBinary()).isFalse();
  }

  @Test
  void encode_invocationWithId() {
    HubMessage message = new InvocationMessage("123", "Send",
        List.of(NODES.numberNode(42), NODES.stringNode("Test Message")));

    assertThat(text(protocol.encode(message)))
        .isEqualTo("{\"type\":1,\"invocationId\":\"123\",\"target\":\"Send\",\"arguments\":[42,\"Test Message\"]}" + RS);
  }

  @Test
  void encode_afterAnOversizedMessage_givesEachMessageExactlyItsOwnBytes() {
    String big = "x".repeat(100_000);
    HubMessage large = new InvocationMessage(null, "Send", List.of(NODES.stringNode(big)));
    HubMessage small = new InvocationMessage(null, "Send", List.of(NODES.numberNode(1)));

    assertThat(text(protocol.encode(large))).hasSize(big.length() + 44);
    assertThat(text(protocol.encode(small))).isEqualTo("{\"type\":1,\"target\":\"Send\",\"arguments\":[1]}" + RS);
    assertThat(text(protocol.encode(small))).as("again, from the reused buffer")
        .isEqualTo("{\"type\":1,\"target\":\"Send\",\"arguments\":[1]}" + RS);
  }

  @Test
  void encode_nestedInAnotherEncodeOnTheSameThread_keepsBothIntact() {
    // An argument whose serialization encodes a message itself (the per-thread buffer is in use then).
    Object inner = new Object() {
      @com.fasterxml.jackson.annotation.JsonValue
      String value() {
        return text(protocol.encode(PingMessage.INSTANCE));
      }
    };
    // The long first argument makes the outer generator flush part of its message into the buffer first.
    String first = "y".repeat(20_000);
    HubMessage outer = new InvocationMessage(null, "Send",
        List.of(NODES.stringNode(first), new tools.jackson.databind.node.POJONode(inner)));

    assertThat(text(protocol.encode(outer))).isEqualTo("{\"type\":1,\"target\":\"Send\",\"arguments\":[\"" + first
        + "\",\"{\\\"type\\\":6}\\u001E\"]}" + RS);
  }

  @Test
  void encode_afterAMessageThatFailedHalfWay_writesTheNextOneWhole() {
    Object failing = new Object() {
      @com.fasterxml.jackson.annotation.JsonValue
      String value() {
        throw new IllegalStateException("cannot serialize");
      }
    };
    HubMessage broken = new InvocationMessage(null, "Send",
        List.of(NODES.stringNode("first"), new tools.jackson.databind.node.POJONode(failing)));
    HubMessage next = new InvocationMessage(null, "Send", List.of(NODES.numberNode(1)));

    assertThatThrownBy(() -> protocol.encode(broken)).hasMessageContaining("cannot serialize");
    assertThat(text(protocol.encode(next))).isEqualTo("{\"type\":1,\"target\":\"Send\",\"arguments\":[1]}" + RS);
  }

  @Test
  void encode_nonBlockingInvocationOmitsInvocationId() {
    HubMessage message = new InvocationMessage(null, "Send", List.of());

    assertThat(text(protocol.encode(message)))
        .isEqualTo("{\"type\":1,\"target\":\"Send\",\"arguments\":[]}" + RS);
  }

  @Test
  void encode_completionWithResult() {
    assertThat(text(protocol.encode(CompletionMessage.ofResult("1", NODES.numberNode(42)))))
        .isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":42}" + RS);
  }

  @Test
  void encode_completionWithNullResultKeepsResultProperty() {
    assertThat(text(protocol.encode(CompletionMessage.ofResult("1", NullNode.getInstance()))))
        .isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":null}" + RS);
  }

  @Test
  void encode_completionWithError() {
    assertThat(text(protocol.encode(CompletionMessage.ofError("1", "It didn't \"work\"\n"))))
        .isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"error\":\"It didn't \\\"work\\\"\\n\"}" + RS);
  }

  @Test
  void encode_voidCompletionHasNeitherResultNorError() {
    assertThat(text(protocol.encode(CompletionMessage.ofVoid("1"))))
        .isEqualTo("{\"type\":3,\"invocationId\":\"1\"}" + RS);
  }

  @Test
  void encode_closeWithErrorAndAllowReconnect() {
    assertThat(text(protocol.encode(new CloseMessage("Server is restarting", true))))
        .isEqualTo("{\"type\":7,\"error\":\"Server is restarting\",\"allowReconnect\":true}" + RS);
    assertThat(text(protocol.encode(new CloseMessage(null, false)))).isEqualTo("{\"type\":7}" + RS);
  }

  @Test
  void encode_pingStreamItemAndCancel() {
    assertThat(text(protocol.encode(PingMessage.INSTANCE))).isEqualTo("{\"type\":6}" + RS);
    assertThat(text(protocol.encode(new StreamItemMessage("7", NODES.stringNode("x")))))
        .isEqualTo("{\"type\":2,\"invocationId\":\"7\",\"item\":\"x\"}" + RS);
    assertThat(text(protocol.encode(new CancelInvocationMessage("7"))))
        .isEqualTo("{\"type\":5,\"invocationId\":\"7\"}" + RS);
  }

  static Stream<HubMessage> everyType() {
    ObjectNode state = NODES.objectNode();
    state.put("Name", "Ünïcødé ✓").put("Count", 3).put("Ratio", 0.25).put("Big", 1L << 40);
    state.putArray("List").add(1).add("two").addNull().add(false);
    state.putObject("Nested").put("Deep", true);
    return Stream.of(
        new InvocationMessage("1", "Update_VM", List.of(NODES.stringNode("HelloWorld"), state)),
        new InvocationMessage(null, "Dispose_VM", List.of(NODES.stringNode("HelloWorld"))),
        new StreamItemMessage("2", state),
        CompletionMessage.ofResult("3", state),
        CompletionMessage.ofResult("3", NullNode.getInstance()),
        CompletionMessage.ofError("4", "boom"),
        CompletionMessage.ofVoid("5"),
        new StreamInvocationMessage("6", "Stream", List.of(NODES.numberNode(5))),
        new CancelInvocationMessage("6"),
        PingMessage.INSTANCE,
        new CloseMessage("bye", true),
        new CloseMessage(null, false),
        new AckMessage(7),
        new SequenceMessage(Integer.MAX_VALUE + 1L));
  }

  @ParameterizedTest
  @MethodSource("everyType")
  void roundTrip_everyType(HubMessage message) {
    assertThat(readAll(protocol.encode(message))).containsExactly(message);
  }

  @Test
  void read_specExamplesWithWhitespaceAndHeaders() {
    // \036 is the record separator; a unicode escape would be stripped as trailing whitespace.
    String frame = """
        {
            "type": 1,
            "headers": { "Foo": "Bar" },
            "invocationId": "123",
            "target": "Send",
            "arguments": [ 42, "Test Message" ]
        }\036{ "type": 1, "target": "Send", "arguments": [ 42 ], "streamIds": [ "1" ] }\036\
        {"type": 4, "invocationId": "123", "target": "Send", "arguments": [42, "Test Message"]}\036\
        {"type": 2, "invocationId": "123", "item": 42}\036\
        {"type": 3, "invocationId": "123"}\036\
        {"type": 3, "invocationId": "123", "result": 42}\036\
        {"type": 3, "invocationId": "123", "error": "It didn't work!"}\036\
        {"type": 5, "invocationId": "123"}\036\
        {"type": 6}\036\
        {"type": 7}\036\
        {"type": 7, "error": "Connection closed because of an error!", "allowReconnect": true}\036""";

    assertThat(readAll(frame.getBytes(StandardCharsets.UTF_8))).containsExactly(
        new InvocationMessage("123", "Send", List.of(NODES.numberNode(42), NODES.stringNode("Test Message"))),
        new InvocationMessage(null, "Send", List.of(NODES.numberNode(42))),
        new StreamInvocationMessage("123", "Send", List.of(NODES.numberNode(42), NODES.stringNode("Test Message"))),
        new StreamItemMessage("123", NODES.numberNode(42)),
        CompletionMessage.ofVoid("123"),
        CompletionMessage.ofResult("123", NODES.numberNode(42)),
        CompletionMessage.ofError("123", "It didn't work!"),
        new CancelInvocationMessage("123"),
        PingMessage.INSTANCE,
        new CloseMessage(null, false),
        new CloseMessage("Connection closed because of an error!", true));
  }

  @Test
  void read_acceptsPropertiesInAnyOrderAndIgnoresUnknownOnes() {
    String record = "{\"arguments\":[1],\"future\":{\"a\":[1,2]},\"target\":\"T\",\"type\":1}" + RS;

    assertThat(readAll(bytes(record)))
        .containsExactly(new InvocationMessage(null, "T", List.of(NODES.numberNode(1))));
  }

  @Test
  void read_nullResultIsAResultNotAVoidCompletion() {
    HubMessage message = readAll(bytes("{\"type\":3,\"invocationId\":\"1\",\"result\":null}" + RS)).get(0);

    assertThat(message).isEqualTo(CompletionMessage.ofResult("1", NullNode.getInstance()));
  }

  @Test
  void read_keepsRecordSplitAcrossFrames() {
    byte[] stream = concat(protocol.encode(new InvocationMessage("1", "A", List.of(NODES.stringNode("é✓")))),
        protocol.encode(PingMessage.INSTANCE), protocol.encode(CompletionMessage.ofError("2", "e")));
    for (int split = 1; split < stream.length; split++) {
      HubProtocol.Reader reader = protocol.newReader(1024);
      List<HubMessage> out = new ArrayList<>();
      reader.read(ByteBuffer.wrap(stream, 0, split), out::add);
      reader.read(ByteBuffer.wrap(stream, split, stream.length - split), out::add);

      assertThat(out).as("split at %d", split).hasSize(3);
    }
  }

  @Test
  void read_keepsRecordSpreadOverManySmallFrames() {
    byte[] record = protocol.encode(new InvocationMessage("1", "Target", List.of(NODES.numberNode(12345))));
    HubProtocol.Reader reader = protocol.newReader(1024);
    List<HubMessage> out = new ArrayList<>();
    for (byte b : record) {
      reader.read(ByteBuffer.wrap(new byte[] {b}), out::add);
    }
    assertThat(out).containsExactly(new InvocationMessage("1", "Target", List.of(NODES.numberNode(12345))));
  }

  @Test
  void read_keepsFrameWithoutTerminatorBufferedWithoutError() {
    RecordSeparatedReader reader = (RecordSeparatedReader) protocol.newReader(1024);
    List<HubMessage> out = new ArrayList<>();

    reader.read(ByteBuffer.wrap(bytes("{\"type\":6}")), out::add);

    assertThat(out).isEmpty();
    assertThat(reader.bufferedBytes()).isEqualTo(10);
    reader.read(ByteBuffer.wrap(bytes("" + RS)), out::add);
    assertThat(out).containsExactly(PingMessage.INSTANCE);
    assertThat(reader.bufferedBytes()).isZero();
  }

  @Test
  void read_readsDirectBuffers() {
    byte[] encoded = protocol.encode(CompletionMessage.ofResult("1", NODES.booleanNode(true)));
    ByteBuffer direct = ByteBuffer.allocateDirect(encoded.length).put(encoded).flip();
    List<HubMessage> out = new ArrayList<>();

    protocol.newReader(1024).read(direct, out::add);

    assertThat(out).containsExactly(CompletionMessage.ofResult("1", NODES.booleanNode(true)));
    assertThat(direct.hasRemaining()).isFalse();
  }

  @Test
  void read_acceptsRecordExactlyAtLimit() {
    byte[] record = bytes("{\"type\":6}" + RS);
    List<HubMessage> out = new ArrayList<>();

    protocol.newReader(record.length - 1).read(ByteBuffer.wrap(record), out::add);

    assertThat(out).containsExactly(PingMessage.INSTANCE);
  }

  @Test
  void read_refusesOversizedRecord() {
    byte[] record = protocol.encode(new InvocationMessage(null, "T", List.of(NODES.stringNode("x".repeat(200)))));

    assertThatThrownBy(() -> protocol.newReader(100).read(ByteBuffer.wrap(record), m -> { }))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.OVERSIZED));
  }

  @Test
  void read_refusesMegabyteOfGarbageWithoutTerminatorHoldingNoMoreThanTheLimit() {
    int limit = 32 * 1024;
    byte[] garbage = new byte[1024 * 1024];
    Arrays.fill(garbage, (byte) 'x');
    RecordSeparatedReader reader = (RecordSeparatedReader) protocol.newReader(limit);

    assertThatThrownBy(() -> reader.read(ByteBuffer.wrap(garbage), m -> { }))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.OVERSIZED));
    assertThat(reader.bufferCapacity()).isLessThanOrEqualTo(limit);
  }

  @Test
  void read_refusesGarbageArrivingInSmallFramesOnceItPassesTheLimit() {
    int limit = 32 * 1024;
    RecordSeparatedReader reader = (RecordSeparatedReader) protocol.newReader(limit);
    byte[] chunk = new byte[4096];
    Arrays.fill(chunk, (byte) 'x');
    int accepted = 0;
    try {
      for (int i = 0; i < 256; i++) {
        reader.read(ByteBuffer.wrap(chunk), m -> { });
        accepted++;
      }
    } catch (HubProtocolException e) {
      assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.OVERSIZED);
    }
    assertThat(accepted).isEqualTo(limit / chunk.length);
    assertThat(reader.bufferCapacity()).isLessThanOrEqualTo(limit);
  }

  static Stream<Arguments> malformedRecords() {
    return Stream.of(
        Arguments.of("not json", "Malformed JSON"),
        Arguments.of("[1]", "must be a JSON object"),
        Arguments.of("", "Malformed"),
        Arguments.of("{}", "missing 'type'"),
        Arguments.of("{\"type\":\"1\"}", "'type' must be an integer"),
        Arguments.of("{\"type\":42}", "unknown message type 42"),
        Arguments.of("{\"type\":1,\"arguments\":[]}", "missing 'target'"),
        Arguments.of("{\"type\":1,\"target\":\"T\"}", "missing 'arguments'"),
        Arguments.of("{\"type\":1,\"target\":5,\"arguments\":[]}", "'target' must be a string"),
        Arguments.of("{\"type\":1,\"target\":\"T\",\"arguments\":{}}", "'arguments' must be an array"),
        Arguments.of("{\"type\":1,\"invocationId\":1,\"target\":\"T\",\"arguments\":[]}", "'invocationId' must be a string"),
        Arguments.of("{\"type\":2,\"invocationId\":\"1\"}", "missing 'item'"),
        Arguments.of("{\"type\":3}", "missing 'invocationId'"),
        Arguments.of("{\"type\":3,\"invocationId\":\"1\",\"result\":1,\"error\":\"e\"}", "both 'result' and 'error'"),
        Arguments.of("{\"type\":4,\"target\":\"T\",\"arguments\":[]}", "missing 'invocationId'"),
        Arguments.of("{\"type\":7,\"allowReconnect\":\"yes\"}", "'allowReconnect' must be a boolean"),
        Arguments.of("{\"type\":6} {\"type\":6}", "after the JSON object"),
        Arguments.of("{\"type\":6", "Malformed JSON"));
  }

  @ParameterizedTest
  @MethodSource("malformedRecords")
  void read_refusesMalformedRecordWithClearMessage(String record, String because) {
    assertThatThrownBy(() -> readAll(bytes(record + RS)))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.MALFORMED))
        .hasMessageContaining(because);
  }

  @Test
  void statefulReconnect_readsAndWritesTheSpecExamplesOfAckAndSequence() {
    // HubProtocol.md, "Ack Message Encoding" and "Sequence Message Encoding"
    assertThat(readAll(bytes("{\n  \"type\": 8,\n  \"sequenceId\": 1394\n}" + RS
        + "{\"sequenceId\":1234,\"type\":9}" + RS)))
        .containsExactly(new AckMessage(1394), new SequenceMessage(1234));
    assertThat(text(protocol.encode(new AckMessage(1394)))).isEqualTo("{\"type\":8,\"sequenceId\":1394}" + RS);
    assertThat(text(protocol.encode(new SequenceMessage(1234)))).isEqualTo("{\"type\":9,\"sequenceId\":1234}" + RS);
  }

  @Test
  void statefulReconnect_trackableTypesAreTheInvocationMessagesOnly() {
    assertThat(readAll(bytes("{\"type\":1,\"target\":\"T\",\"arguments\":[]}" + RS + "{\"type\":2,\"invocationId\":\"1\",\"item\":1}" + RS
        + "{\"type\":3,\"invocationId\":\"1\"}" + RS + "{\"type\":4,\"invocationId\":\"1\",\"target\":\"T\",\"arguments\":[]}" + RS
        + "{\"type\":5,\"invocationId\":\"1\"}" + RS)))
        .hasSize(5).allMatch(HubMessage::isTrackable);
    assertThat(List.of(PingMessage.INSTANCE, new CloseMessage(null, false), new AckMessage(1), new SequenceMessage(1)))
        .noneMatch(HubMessage::isTrackable);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"type\":8}", "{\"type\":9,\"sequenceId\":\"7\"}", "{\"type\":8,\"sequenceId\":1.5}"})
  void statefulReconnect_refusesAckOrSequenceWithoutIntegerSequenceId(String record) {
    assertThatThrownBy(() -> readAll(bytes(record + RS)))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.MALFORMED))
        .hasMessageContaining("sequenceId");
  }

  List<HubMessage> readAll(byte[] frame) {
    List<HubMessage> out = new ArrayList<>();
    protocol.newReader(64 * 1024).read(ByteBuffer.wrap(frame), out::add);
    return out;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    int size = 0;
    for (byte[] part : parts) size += part.length;
    byte[] all = new byte[size];
    int pos = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, pos, part.length);
      pos += part.length;
    }
    return all;
  }
}
