package io.hubscope.app.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import java.io.File;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code src/test/node/signalr-client-check.js}: the official npm {@code @microsoft/signalr}
 * client (the {@code signalr-latest} alias of the pinned package-lock.json, installed by the
 * build's {@code npm ci}) under Node, and what it saw as JSON.
 */
public final class NodeClientCheck {

  /** The client's transport classes, by the names negotiate and {@code HttpTransportType} use. */
  static final Map<String, String> TRANSPORT_CLASSES = Map.of("WebSockets", "WebSocketTransport",
      "ServerSentEvents", "ServerSentEventsTransport", "LongPolling", "LongPollingTransport");

  private NodeClientCheck() {}

  /**
   * Connects to {@code hubUrl} (forcing {@code transport} unless null, speaking {@code protocol}),
   * requests and updates HelloWorld, echoes EchoVM's timer pushes for a second, disposes both, asks
   * for an unknown view model and stops.
   */
  public static JsonNode run(String hubUrl, String transport, String protocol) throws Exception {
    File web = new File("src/main/web");
    ProcessBuilder pb = new ProcessBuilder("node", new File("src/test/node/signalr-client-check.js").getAbsolutePath(),
        hubUrl, "signalr-latest", transport == null ? "" : transport, protocol);
    pb.environment().put("NODE_PATH", new File(web, "node_modules").getAbsolutePath());
    pb.redirectErrorStream(true);
    Process node = pb.start();
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(node.exitValue()).as(out).isZero();
    JsonNode seen = JsonMapper.builder().build().readTree(out.substring(out.lastIndexOf('\n') + 1));
    if (transport != null) {
      assertThat(seen.get("transport").asString()).as("the client's transport").isEqualTo(TRANSPORT_CLASSES.get(transport));
    }
    return seen;
  }

  /** What a user would notice: the greeting and its update, every push in order, the unknown-VM error. */
  public static void assertSawEverything(JsonNode seen) {
    List<JsonNode> hello = seen.get("responses").get("HelloWorld").valueStream().toList();
    assertThat(hello.get(0).get("Greeting").asString()).isEqualTo("Hello World!");
    assertThat(hello).anySatisfy(r -> assertThat(r.path("Greeting").asString()).isEqualTo("Hello, Ada Lovelace!"));

    List<Long> sequences = seen.get("echoSequences").valueStream().map(JsonNode::asLong).toList();
    assertThat(sequences.size()).isGreaterThanOrEqualTo(5);
    for (int i = 0; i < sequences.size(); i++) assertThat(sequences.get(i)).isEqualTo(i + 1L);
    assertThat(seen.get("errors").size()).isZero();

    assertThat(seen.get("unknownError").asString()).contains("NoSuchVM");
    assertThat(seen.get("responses").get("NoSuchVM").get(0).get("ExceptionType").asString())
        .isEqualTo("UnknownVMTypeException");
  }

  /** Puts a {@link TransportRecorder} in a test's context: {@code @Import(NodeClientCheck.Recording.class)}. */
  @TestConfiguration
  public static class Recording {
    @Bean
    TransportRecorder transportRecorder() {
      return new TransportRecorder();
    }
  }

  /** Remembers the transport each connection the hub opened reported; a bean in the tests' context. */
  public static final class TransportRecorder implements DisconnectionMiddleware {

    private final Map<String, String> transports = new ConcurrentHashMap<>();

    @Override
    public void onConnected(HubConnection connection) {
      transports.put(connection.id(), connection.info().transport());
    }

    @Override
    public void onDisconnected(HubConnection connection, CloseReason reason, String error) {}

    public String transportOf(String connectionId) {
      return transports.get(connectionId);
    }

    public void clear() {
      transports.clear();
    }

    /** Every transport a connection used so far. */
    public java.util.Set<String> seen() {
      return java.util.Set.copyOf(transports.values());
    }
  }
}
