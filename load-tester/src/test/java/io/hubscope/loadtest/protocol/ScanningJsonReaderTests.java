package io.hubscope.loadtest.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.protocol.CloseMessage;
import io.hubscope.hub.protocol.CompletionMessage;
import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocolException;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.PingMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ScanningJsonReaderTests {

  static final String RS = "\u001e";
  static final String PING_STATE = "{\"Ping\":{\"ConnectionId\":\"c1\",\"Time\":1765051234567.1235,\"Sequence\":3,"
      + "\"PrevLatency\":0.87,\"AvgLatency\":1.0}}";
  static final String RESPONSE = "{\"type\":1,\"target\":\"Response_VM\",\"arguments\":[[\"EchoVM\","
      + quoted(PING_STATE) + "]]}";

  static String quoted(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  final ScanningJsonReader reader = new ScanningJsonReader(64 * 1024);
  final List<HubMessage> messages = new ArrayList<>();
  final List<String> states = new ArrayList<>(); // decoded while valid: within the sink call

  void read(ByteBuffer frame) {
    reader.read(frame, message -> {
      messages.add(message);
      if (message instanceof InvocationMessage m && m.target().equals("Response_VM")) {
        VmResponse response = VmResponse.of(m.arguments());
        states.add(String.valueOf(response));
      }
    });
  }

  void read(String text) {
    read(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  static String text(VmResponse response) {
    JsonCursor c = response.state(new JsonCursor());
    int start = c.mark();
    c.skipValue();
    return new String(c.bytes(), start, c.position() - start, StandardCharsets.UTF_8);
  }

  /** What the hub's own reader makes of the same text. */
  static List<HubMessage> hubReads(String text) {
    List<HubMessage> parsed = new ArrayList<>();
    HubProtocols.JSON.newReader(64 * 1024).read(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), parsed::add);
    return parsed;
  }

  @Test
  void responseVm_isScannedWithoutATree() {
    read(RESPONSE + RS);

    assertThat(messages).hasSize(1);
    InvocationMessage m = (InvocationMessage) messages.get(0);
    assertThat(m.target()).isEqualTo("Response_VM");
    assertThat(m.invocationId()).isNull();
    assertThat(m.arguments().get(0).isPojo()).isTrue();
    assertThat(states).containsExactly("[EchoVM, " + PING_STATE + "]");
  }

  @Test
  void responseVm_withItsArgumentsBeforeItsTarget_isScannedToo() {
    read("{\"arguments\":[[\"EchoVM\"," + quoted(PING_STATE) + "]],\"target\":\"Response_VM\",\"type\":1,\"headers\":{}}" + RS);

    assertThat(states).containsExactly("[EchoVM, " + PING_STATE + "]");
  }

  @Test
  void severalRecordsInOneFrame_comeOutInOrder() {
    read(RESPONSE + RS + "{\"type\":3,\"invocationId\":\"12\"}" + RS + "{\"type\":6}" + RS + RESPONSE + RS);

    assertThat(messages).hasSize(4);
    assertThat(messages.get(1)).isEqualTo(CompletionMessage.ofVoid("12"));
    assertThat(messages.get(2)).isSameAs(PingMessage.INSTANCE);
    assertThat(states).hasSize(2);
  }

  @Test
  void aRecordSplitAnywhereAcrossFrames_isReadOnceWhole() {
    String text = RESPONSE + RS + "{\"type\":3,\"invocationId\":\"7\"}" + RS;
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < bytes.length; cut++) {
      messages.clear();
      states.clear();
      read(ByteBuffer.wrap(bytes, 0, cut).slice());
      read(ByteBuffer.wrap(bytes, cut, bytes.length - cut).slice());

      assertThat(messages).as("cut at " + cut).hasSize(2);
      assertThat(states).as("cut at " + cut).containsExactly("[EchoVM, " + PING_STATE + "]");
      assertThat(reader.bufferedBytes()).isZero();
    }
  }

  @Test
  void aRecordFedByteByByteFromDirectBuffers_isReadOnce() {
    byte[] bytes = (RESPONSE + RS).getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      ByteBuffer direct = ByteBuffer.allocateDirect(1).put(b).flip();
      read(direct);
      assertThat(direct.hasRemaining()).isFalse();
    }

    assertThat(states).containsExactly("[EchoVM, " + PING_STATE + "]");
  }

  @Test
  void theSeparatorAloneInAFrame_endsTheRecordBefore() {
    read(RESPONSE);
    assertThat(messages).isEmpty();

    read(RS);

    assertThat(states).containsExactly("[EchoVM, " + PING_STATE + "]");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":3,\"invocationId\":\"5\",\"result\":{\"a\":[1,2]}}",
      "{\"type\":3,\"invocationId\":\"5\",\"error\":\"nope\"}",
      "{\"type\":3,\"invocationId\":\"5\",\"result\":null}",
      "{\"type\":7,\"error\":\"bye\",\"allowReconnect\":true}",
      "{\"type\":7}",
      "{\"type\":1,\"target\":\"Other\",\"arguments\":[1,\"x\",{\"y\":null}]}",
      "{\"type\":1,\"invocationId\":\"9\",\"target\":\"Response_VM\",\"arguments\":[[\"EchoVM\",\"{}\"]]}",
      "{\"type\":1,\"target\":\"Response_VM\",\"arguments\":[[\"EchoVM\",\"{}\",3]]}",
      "{\"type\":1,\"target\":\"Response_VM\",\"arguments\":[[\"EchoVM\"]]}",
      "{\"type\":1,\"target\":\"Response_VM\",\"arguments\":[\"EchoVM\",\"{}\"]}",
      "{\"type\":1,\"target\":\"Response_VM\",\"arguments\":[[1,{}]]}",
      "{\"type\":2,\"invocationId\":\"4\",\"item\":5}",
      "{\"type\":8,\"sequenceId\":3}",
      "{\"type\":6,\"extra\":1}"})
  void everyOtherMessage_isWhatTheHubsOwnParserMakesOfIt(String record) {
    read(record + RS);

    assertThat(messages).isEqualTo(hubReads(record + RS));
  }

  @Test
  void aCloseMessage_comesThroughTheHubsParser() {
    read("{\"type\":7,\"error\":\"Server is shutting down\"}" + RS);

    assertThat(messages).containsExactly(new CloseMessage("Server is shutting down", false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "{\"type\":1,", "{\"type\":\"1\"}", "[1,2]", "{\"type\":1.0,\"target\":\"x\",\"arguments\":[]}",
      "{\"type\":1,\"target\":\"Response_VM\",\"arguments\":[[\"EchoVM\",\"{}\"]]} trailing", "{\"type\":6}}"})
  void aMalformedRecord_failsAsTheHubsParserFailsIt(String record) {
    assertThatThrownBy(() -> hubReads(record + RS)).isInstanceOf(HubProtocolException.class);

    assertThatThrownBy(() -> read(record + RS))
        .isInstanceOfSatisfying(HubProtocolException.class, e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.MALFORMED));
  }

  @Test
  void aResponseVmWhoseStateIsNotJson_stillArrives_forTheSessionToReport() {
    List<Throwable> errors = new ArrayList<>();
    reader.read(ByteBuffer.wrap(("{\"type\":1,\"target\":\"Response_VM\",\"arguments\":[[\"EchoVM\",\"{oops\"]]}" + RS)
        .getBytes(StandardCharsets.UTF_8)), message -> {
          try {
            VmResponse.of(((InvocationMessage) message).arguments()).error(new JsonCursor());
          } catch (MalformedJsonException e) {
            errors.add(e);
          }
        });

    assertThat(errors).hasSize(1);
  }

  @Test
  void oversizedRecords_areRefusedInOneFrameAndAcrossFrames() {
    ScanningJsonReader small = new ScanningJsonReader(100);
    String big = "{\"type\":1,\"target\":\"x\",\"arguments\":[\"" + "a".repeat(200) + "\"]}";

    assertThatThrownBy(() -> small.read(ByteBuffer.wrap((big + RS).getBytes(StandardCharsets.UTF_8)), m -> { }))
        .isInstanceOfSatisfying(HubProtocolException.class, e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.OVERSIZED));
    ScanningJsonReader split = new ScanningJsonReader(100);
    split.read(ByteBuffer.wrap(big.substring(0, 90).getBytes(StandardCharsets.UTF_8)), m -> { });
    assertThatThrownBy(() -> split.read(ByteBuffer.wrap(big.substring(90).getBytes(StandardCharsets.UTF_8)), m -> { }))
        .isInstanceOfSatisfying(HubProtocolException.class, e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.OVERSIZED));
  }

  @Test
  void treesFromTheHubsParser_readAsTheSameResponse() {
    InvocationMessage parsed = (InvocationMessage) hubReads(RESPONSE + RS).get(0);
    List<JsonNode> arguments = parsed.arguments();

    VmResponse response = VmResponse.of(arguments);

    assertThat(response.vmId()).isEqualTo("EchoVM");
    assertThat(text(response)).isEqualTo(PING_STATE);
    assertThat(VmResponse.of(List.of())).isNull();
  }

  @Test
  void theProtocol_speaksJsonInTextFrames() {
    HubProtocol protocol = ScanningJsonProtocol.INSTANCE;

    assertThat(protocol.name()).isEqualTo("json");
    assertThat(protocol.isBinary()).isFalse();
  }
}
