package io.hubscope.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.client.HubInvocationException;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.metrics.InMemoryHubMetrics;
import io.hubscope.hub.protocol.ArgumentDecoder;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.RawSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A decoded method over real sockets: its decoder sees the same tokens whichever protocol and
 * property order the client used, or a proxy's forwarded trees; its results and failures complete
 * the invocation as an ordinary method's do.
 */
class DecodedMethodIT {

  static final Duration WAIT = Duration.ofSeconds(5);
  static final JsonMapper JSON = JsonMapper.builder().build();
  /** Each argument as the list of tokens its decoder saw. */
  static final ArgumentDecoder<String> TOKENS = parser -> {
    List<String> tokens = new ArrayList<>();
    int depth = 0;
    do {
      JsonToken token = parser.currentToken();
      if (token.isStructStart()) depth++;
      if (token.isStructEnd()) depth--;
      tokens.add(token == JsonToken.PROPERTY_NAME || token.isScalarValue() ? parser.getString() : token.asString());
      if (depth > 0) parser.nextToken();
    } while (depth > 0);
    return String.join(" ", tokens);
  };

  final InMemoryHubMetrics metrics = new InMemoryHubMetrics();
  HubTestServer server;

  @BeforeEach
  void start() {
    server = new HubTestServer(HubServer.builder().metrics(metrics)
        .decodedMethod("Tokens", TOKENS, call -> Mono.just(call.arguments()))
        .decodedMethod("Fail", TOKENS, call -> {
          throw new IllegalStateException("no batch today");
        })
        .method("Echo", call -> Mono.just(call.arguments()))
        .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void json_methodGetsWhatItsDecoderRead() {
    HubClientConnection client = connect(HubProtocols.JSON);

    JsonNode tokens = client.invoke("Tokens", Map.of("events", List.of(1, "é")), "x").block(WAIT);

    assertThat(tokens).isEqualTo(JSON.readTree("[\"{ events [ 1 é ] }\", \"x\"]"));
  }

  @Test
  void messagePack_decoderSeesTheSameTokens() {
    HubClientConnection client = connect(HubProtocols.MESSAGE_PACK);

    JsonNode tokens = client.invoke("Tokens", Map.of("events", List.of(1, "é")), "x").block(WAIT);

    assertThat(tokens).isEqualTo(JSON.readTree("[\"{ events [ 1 é ] }\", \"x\"]"));
  }

  @Test
  void argumentsBeforeTarget_decoderSeesTheSameTokens() {
    try (RawSocket socket = RawSocket.connect(server.wsUrl() + "?id=" + negotiate())) {
      assertThat(socket.handshake("json").text()).isEqualTo("{}\u001e");
      socket.sendText("{\"arguments\":[ {\"a\" : [1, 2]} ],\"type\":1,\"invocationId\":\"9\",\"target\":\"Tokens\"}\u001e");

      assertThat(JSON.readTree(socket.nextNonPing(WAIT).text().replace("\u001e", "")))
          .isEqualTo(JSON.readTree("{\"type\":3,\"invocationId\":\"9\",\"result\":[\"{ a [ 1 2 ] }\"]}"));
    }
  }

  @Test
  void forwardedTrees_areDecodedToo() {
    connect(HubProtocols.JSON);
    HubConnection connection = server.hub().connections().all().iterator().next();

    JsonNode tokens = server.hub().dispatcher()
        .dispatch(connection, new InvocationMessage(null, "Tokens", List.of(JSON.readTree("{\"a\":1}")))).block(WAIT);

    assertThat(tokens).isEqualTo(JSON.readTree("[\"{ a 1 }\"]"));
  }

  @Test
  void failingDecodedMethod_failsTheInvocationAndIsCounted_andTheConnectionGoesOn() {
    HubClientConnection client = connect(HubProtocols.JSON);

    assertThatThrownBy(() -> client.invoke("Fail", Map.of()).block(WAIT))
        .isInstanceOf(HubInvocationException.class).hasMessageContaining("no batch today");
    assertThatThrownBy(() -> client.invoke("Nope", Map.of()).block(WAIT)).hasMessageContaining("Unknown hub method");

    assertThat(metrics.errors("call_failed")).isEqualTo(1);
    assertThat(metrics.errors("unknown_target")).isEqualTo(1);
    assertThat(client.invoke("Echo", 1).block(WAIT)).isEqualTo(JSON.readTree("[1]"));
  }

  private HubClientConnection connect(HubProtocol protocol) {
    return HubClient.builder(server.url()).protocol(protocol).build().connect().block(WAIT);
  }

  private String negotiate() {
    return reactor.netty.http.client.HttpClient.create().post().uri(server.url() + "/negotiate?negotiateVersion=1")
        .responseContent().aggregate().asString().block(WAIT)
        .replaceAll(".*\"connectionToken\":\"([^\"]+)\".*", "$1");
  }
}
