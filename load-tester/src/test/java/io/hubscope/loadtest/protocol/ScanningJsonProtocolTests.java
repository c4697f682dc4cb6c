package io.hubscope.loadtest.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.protocol.CompletionMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.PingMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

class ScanningJsonProtocolTests {

  static final JsonMapper MAPPER = JsonMapper.builder().build();
  static final String PING = "{\"ConnectionId\":\"c1\",\"Time\":1.7650512345671235E12,\"Sequence\":3,\"PrevLatency\":0.87,"
      + "\"AvgLatency\":1.0}";

  static JsonNode pong() {
    byte[] ping = PING.getBytes(StandardCharsets.UTF_8);
    return RawJson.object(JsonCursor.name("Pong"), ping, 0, ping.length).node();
  }

  static JsonNode pongTree() {
    return MAPPER.readTree("{\"Pong\":" + PING + "}");
  }

  static JsonNode text(String s) {
    return JsonNodeFactory.instance.stringNode(s);
  }

  @Test
  void aPong_isTheBytesJacksonWritesForTheSameTree() {
    byte[] ours = ScanningJsonProtocol.INSTANCE.encode(new InvocationMessage("17", "Update_VM", List.of(text("EchoVM"), pong())));
    byte[] hubs = HubProtocols.JSON.encode(new InvocationMessage("17", "Update_VM", List.of(text("EchoVM"), pongTree())));

    assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(new String(hubs, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"EchoVM", "quote\" backslash\\ slash/", "controls \b\f\n\r\t\u0001\u001f", "é € \uD83D\uDE00",
      "lone \uD83D surrogate", ""})
  void strings_areEscapedAsJacksonEscapesThem(String s) {
    byte[] ours = ScanningJsonProtocol.INSTANCE.encode(new InvocationMessage(null, s, List.of(text(s))));
    byte[] hubs = HubProtocols.JSON.encode(new InvocationMessage(null, s, List.of(text(s))));

    assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(new String(hubs, StandardCharsets.UTF_8));
  }

  @Test
  void everythingElse_isWrittenByTheHubsProtocol() {
    InvocationMessage request = new InvocationMessage("1", "Request_VM",
        List.of(text("EchoVM"), MAPPER.readTree("{\"$vmArg\":{\"PingInterval\":1}}")));

    assertThat(ScanningJsonProtocol.INSTANCE.encode(request)).isEqualTo(HubProtocols.JSON.encode(request));
    assertThat(ScanningJsonProtocol.INSTANCE.encode(PingMessage.INSTANCE)).isEqualTo(HubProtocols.JSON.encode(PingMessage.INSTANCE));
    assertThat(ScanningJsonProtocol.INSTANCE.encode(CompletionMessage.ofVoid("3")))
        .isEqualTo(HubProtocols.JSON.encode(CompletionMessage.ofVoid("3")));
  }

  @Test
  void rawJsonBesideATree_isWrittenAsATree() {
    InvocationMessage mixed = new InvocationMessage("2", "Update_VM", List.of(MAPPER.readTree("{\"a\":1}"), pong()));

    assertThat(new String(ScanningJsonProtocol.INSTANCE.encode(mixed), StandardCharsets.UTF_8)).isEqualTo(
        new String(HubProtocols.JSON.encode(new InvocationMessage("2", "Update_VM", List.of(MAPPER.readTree("{\"a\":1}"),
            pongTree()))), StandardCharsets.UTF_8));
  }

  @Test
  void messagePack_writesRawJsonAsTheTreeItHolds() {
    HubProtocol messagePack = LoadTestProtocols.forName("messagepack");
    InvocationMessage raw = new InvocationMessage("4", "Update_VM", List.of(text("EchoVM"), pong()));
    InvocationMessage tree = new InvocationMessage("4", "Update_VM", List.of(text("EchoVM"), pongTree()));

    assertThat(messagePack.name()).isEqualTo("messagepack");
    assertThat(messagePack.isBinary()).isTrue();
    assertThat(messagePack.encode(raw)).isEqualTo(HubProtocols.MESSAGE_PACK.encode(tree));
    assertThat(LoadTestProtocols.forName("json")).isSameAs(ScanningJsonProtocol.INSTANCE);
  }
}
