package io.hubscope.forward.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EnvelopeTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  final ConnectionInfo client = new ConnectionInfo("conn-1", "203.0.113.7", 51234, "Mozilla/5.0",
      Map.of("origin", "https://app.example", "cookie", "session=1", "accept-language", "en"), "WebSockets", "json");

  @Test
  void originContext_keepsOnlyAllowedHeaders_andRoundTrips() {
    OriginContext origin = OriginContext.of(client, "proxy-1-abc", Set.of("origin"), 1_700_000_000_000L);

    OriginContext read = OriginContext.fromJson(JSON.readTree(origin.toJson().toString()));

    assertThat(read).isEqualTo(origin);
    assertThat(read.headers()).containsOnlyKeys("origin");
    ConnectionInfo info = read.toConnectionInfo();
    assertThat(info.id()).isEqualTo("conn-1");
    assertThat(info.remoteIp()).isEqualTo("203.0.113.7");
    assertThat(info.remotePort()).isEqualTo(51234);
    assertThat(info.userAgent()).isEqualTo("Mozilla/5.0");
    assertThat(info.headers()).containsEntry("user-agent", "Mozilla/5.0").doesNotContainKey("cookie");
  }

  @Test
  void invoke_carriesContextFirstThenOnlyTheId_throughBothProtocols() {
    OriginContext origin = OriginContext.of(client, "proxy-1-abc", Set.of(), 1L);
    List<JsonNode> args = List.of(JSON.getNodeFactory().stringNode("Chat"), JSON.readTree("{\"$vmArg\":{\"Room\":\"A\"}}"));

    Envelope.Forwarded first = roundTrip(Envelope.invoke("Request_VM", args, origin, "conn-1"));
    Envelope.Forwarded later = roundTrip(Envelope.invoke("Update_VM", args, null, "conn-1"));

    assertThat(first.method()).isEqualTo("Request_VM");
    assertThat(first.args()).isEqualTo(args);
    assertThat(first.context()).isEqualTo(origin);
    assertThat(later.context()).isNull();
    assertThat(later.connectionId()).isEqualTo("conn-1");
  }

  /** Encodes as the pooled connection would (MessagePack), decodes as the app server would. */
  static Envelope.Forwarded roundTrip(JsonNode[] invokeArgs) {
    byte[] bytes = HubProtocols.MESSAGE_PACK.encode(new InvocationMessage("1", Envelope.INVOKE, Arrays.asList(invokeArgs)));
    List<InvocationMessage> read = new ArrayList<>();
    HubProtocols.MESSAGE_PACK.newReader(1 << 20).read(ByteBuffer.wrap(bytes), m -> read.add((InvocationMessage) m));
    return Envelope.readInvoke(read.get(0).arguments());
  }

  @Test
  void malformedEnvelopes_failWithTheReason() {
    JsonNode text = JSON.getNodeFactory().stringNode("Request_VM");
    JsonNode emptyArgs = JSON.createArrayNode();

    assertThatThrownBy(() -> Envelope.readInvoke(List.of(text))).hasMessageContaining("expects [method, args, meta]");
    assertThatThrownBy(() -> Envelope.readInvoke(List.of(text, text, JSON.createObjectNode())))
        .hasMessageContaining("args must be an array");
    assertThatThrownBy(() -> Envelope.readInvoke(List.of(text, emptyArgs, JSON.createObjectNode())))
        .hasMessageContaining("$fwdConnContext or $fwdConnId");
    assertThatThrownBy(() -> Envelope.readInvoke(List.of(text, emptyArgs, JSON.readTree("{\"$fwdConnContext\":{}}"))))
        .hasMessageContaining("connectionId is missing");
  }

  @Test
  void downMessages_tellTheProxyWhomToDeliverTo() {
    InvocationMessage push = new InvocationMessage(null, "Response_VM",
        List.of(JSON.readTree("[\"Ticker\",\"{\\\"Sequence\\\":1}\"]")));

    Envelope.Down one = Envelope.readDown(Envelope.send(push, "c1").arguments());
    Envelope.Down many = Envelope.readDown(Envelope.sendToMany(push, List.of("c1", "c2")).arguments());
    Envelope.Down group = Envelope.readDown(Envelope.sendToGroup(push, "Room1", List.of("c3")).arguments());
    Envelope.Down other = Envelope.readDown(Envelope.send(new InvocationMessage(null, "Custom", List.of()), "c1").arguments());

    assertThat(one.op()).isEqualTo(Envelope.SEND);
    assertThat(one.connectionId()).isEqualTo("c1");
    assertThat(one.inner()).isEqualTo(push);
    assertThat(many.ids(Envelope.CONN_ID)).containsExactly("c1", "c2");
    assertThat(group.group()).isEqualTo("Room1");
    assertThat(group.ids(Envelope.EXCEPT)).containsExactly("c3");
    assertThat(other.inner().target()).isEqualTo("Custom");
    assertThat(Envelope.readDown(List.of(JSON.readTree("[\"HelloWorld\",\"{}\"]")))).as("a plain push").isNull();
  }
}
