package io.hubscope.hub.protocol;

import static io.hubscope.hub.protocol.JsonHubProtocolTests.bytes;
import static io.hubscope.hub.protocol.JsonHubProtocolTests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeTests {

  static final String RS = "\u001e";

  @Test
  void parseRequest_readsProtocolAndVersion() {
    HandshakeRequest request = Handshake.parseRequest(
        ByteBuffer.wrap(bytes("{\"protocol\":\"messagepack\",\"version\":1}" + RS)));

    assertThat(request.protocol()).isEqualTo("messagepack");
    assertThat(request.version()).isEqualTo(1);
    assertThat(request.remaining().hasRemaining()).isFalse();
  }

  @Test
  void parseRequest_keepsMessagesSentInTheSameFrame() {
    byte[] ping = HubProtocols.JSON.encode(PingMessage.INSTANCE);
    ByteBuffer frame = ByteBuffer.wrap(JsonHubProtocolTests.concat(
        bytes("{\"protocol\":\"json\",\"version\":1}" + RS), ping));

    HandshakeRequest request = Handshake.parseRequest(frame);

    List<HubMessage> out = new ArrayList<>();
    HubProtocols.JSON.newReader(1024).read(request.remaining(), out::add);
    assertThat(out).containsExactly(PingMessage.INSTANCE);
  }

  @Test
  void parseRequest_returnsNullAndLeavesTheFrameWhenTheSeparatorIsMissing() {
    ByteBuffer frame = ByteBuffer.wrap(bytes("{\"protocol\":\"json\","));

    assertThat(Handshake.parseRequest(frame)).isNull();
    assertThat(frame.position()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"protocol\":\"json\"",            // bad JSON
      "[\"json\",1]",                      // not an object
      "{\"version\":1}",                   // missing protocol
      "{\"protocol\":\"json\"}",           // missing version
      "{\"protocol\":1,\"version\":1}",    // protocol not a string
      "{\"protocol\":\"json\",\"version\":\"1\"}",
      "{\"protocol\":\"json\",\"version\":1} trailing"})
  void parseRequest_refusesBadHandshake(String json) {
    assertThatThrownBy(() -> Handshake.parseRequest(ByteBuffer.wrap(bytes(json + RS))))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.BAD_HANDSHAKE))
        .hasMessageContaining("handshake");
  }

  @Test
  void reader_collectsHandshakeSplitAcrossFrames() {
    byte[] all = JsonHubProtocolTests.concat(Handshake.request("json", 1), HubProtocols.JSON.encode(PingMessage.INSTANCE));
    HandshakeReader reader = new HandshakeReader();

    assertThat(reader.read(ByteBuffer.wrap(all, 0, 10))).isNull();
    HandshakeRequest request = reader.read(ByteBuffer.wrap(all, 10, all.length - 10));

    assertThat(request.protocol()).isEqualTo("json");
    assertThat(text(Arrays.copyOfRange(request.remaining().array(), request.remaining().position(),
        request.remaining().limit()))).isEqualTo("{\"type\":6}" + RS);
  }

  @Test
  void reader_refusesBytesWithoutSeparatorPastItsLimit() {
    HandshakeReader reader = new HandshakeReader(100);
    assertThat(reader.read(ByteBuffer.wrap(new byte[60]))).isNull();

    assertThatThrownBy(() -> reader.read(ByteBuffer.wrap(new byte[60])))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.BAD_HANDSHAKE))
        .hasMessageContaining("within 100 bytes");
  }

  @Test
  void request_writesProtocolAndVersion() {
    assertThat(text(Handshake.request("messagepack", 1)))
        .isEqualTo("{\"protocol\":\"messagepack\",\"version\":1}" + RS);
  }

  @Test
  void successResponse_isEmptyObject() {
    assertThat(text(Handshake.successResponse())).isEqualTo("{}" + RS);
  }

  @Test
  void errorResponse_escapesTheError() {
    assertThat(text(Handshake.errorResponse("Requested protocol \"x\\y\"\nis not available.")))
        .isEqualTo("{\"error\":\"Requested protocol \\\"x\\\\y\\\"\\nis not available.\"}" + RS);
  }

  @Test
  void parseResponse_readsSuccessAndKeepsFollowingMessages() {
    ByteBuffer frame = ByteBuffer.wrap(JsonHubProtocolTests.concat(
        Handshake.successResponse(), HubProtocols.JSON.encode(PingMessage.INSTANCE)));

    HandshakeResponse response = Handshake.parseResponse(frame);

    assertThat(response.isSuccess()).isTrue();
    assertThat(response.remaining().remaining()).isEqualTo(11);
  }

  @Test
  void parseResponse_roundTripsTheErrorWritten() {
    String error = "Requested protocol 'x' is not available \"here\"";

    HandshakeResponse response = Handshake.parseResponse(ByteBuffer.wrap(Handshake.errorResponse(error)));

    assertThat(response.isSuccess()).isFalse();
    assertThat(response.error()).isEqualTo(error);
  }

  @Test
  void parseResponse_returnsNullUntilTheSeparatorAndRefusesGarbage() {
    assertThat(Handshake.parseResponse(ByteBuffer.wrap(bytes("{")))).isNull();
    assertThatThrownBy(() -> Handshake.parseResponse(ByteBuffer.wrap(bytes("HTTP/1.1 404" + RS))))
        .isInstanceOfSatisfying(HubProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(HubProtocolException.Kind.BAD_HANDSHAKE));
  }
}
