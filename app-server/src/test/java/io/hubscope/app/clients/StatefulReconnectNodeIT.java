package io.hubscope.app.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.ForwardingMiddleware;
import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.hub.metrics.InMemoryHubMetrics;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.HubServerBuilder;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.TcpRelay;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stateful reconnect with the official npm client ({@code withStatefulReconnect()}), directly and
 * through a proxy: a {@link TcpRelay} between client and server, in the middle of a 20 msg/s
 * BroadcastVM stream, first swallows a few ticks (sent, as far as the server knows, and lost) and
 * then resets the client's TCP connection, without a Close frame. The client resumes the same
 * connection and the tick sequence it saw has no gap (the lost ticks were replayed) and no
 * duplicate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "hubscope.app.shared-secret=" + ForwardingStack.SECRET)
class StatefulReconnectNodeIT {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final int BEFORE_CUT = 20;
  static final int AFTER_CUT = 40;

  @LocalServerPort int port;
  @Autowired HubServer hub;
  @Autowired MeterRegistry registry;
  @Autowired ForwardReceiver receiver;
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  @Test
  void direct_droppedTcpConnection_resumesWithoutGapOrDuplicate() throws Exception {
    double reconnects = registry.counter("hubscope.hub.reconnects").count();
    TcpRelay relay = track(new TcpRelay(port));

    JsonNode seen = runClientCuttingOnce(relay);

    assertNoGapNoDuplicate(seen);
    assertThat(registry.counter("hubscope.hub.reconnects").count() - reconnects).isEqualTo(1);
    assertThat(registry.counter("hubscope.hub.replayed").count()).isPositive();
  }

  @Test
  void throughProxy_droppedTcpConnection_resumesWithoutGapOrDuplicate_andTheUpstreamLinkStays() throws Exception {
    InMemoryHubMetrics proxyMetrics = new InMemoryHubMetrics();
    HubServerBuilder builder = HubServer.builder().metrics(proxyMetrics);
    ForwardingMiddleware forwarder = ForwardingMiddleware.install(builder,
        "http://127.0.0.1:" + port + "/dotnetify", ForwardingStack.options("reconnect-proxy").build());
    HubTestServer proxy = track(new HubTestServer(builder.build()));
    track(forwarder::close);
    assertThat(Await.until(() -> receiver.directory().proxies().size() == 1, WAIT)).isTrue();
    TcpRelay relay = track(new TcpRelay(proxy.port()));

    JsonNode seen = runClientCuttingOnce(relay);

    // Ticks kept coming after the gap in sequence: the app server's BroadcastVM still had the
    // logical connection as a member, so the proxy never disconnected it upstream.
    assertNoGapNoDuplicate(seen);
    assertThat(proxyMetrics.reconnects()).isEqualTo(1);
    assertThat(proxyMetrics.replayed()).isPositive();
    assertThat(Await.until(() -> receiver.logicalConnections() == 0, WAIT)).as("the client's stop ends it upstream")
        .isTrue();
  }

  /** Runs the Node client through {@code relay}; when it says so, stalls the relay for three ticks, then cuts it. */
  JsonNode runClientCuttingOnce(TcpRelay relay) throws Exception {
    File web = new File("src/main/web");
    ProcessBuilder pb = new ProcessBuilder("node", new File("src/test/node/stateful-reconnect-check.js").getAbsolutePath(),
        "http://127.0.0.1:" + relay.port() + "/dotnetify", "signalr-latest", String.valueOf(BEFORE_CUT),
        String.valueOf(AFTER_CUT));
    pb.environment().put("NODE_PATH", new File(web, "node_modules").getAbsolutePath());
    pb.redirectErrorStream(true);
    Process node = pb.start();
    track(node::destroyForcibly);
    List<String> lines = new ArrayList<>();
    int cut = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) { // the script times itself out after 30 s
        lines.add(line);
        if (line.equals("CUT")) {
          relay.stall();
          assertThat(Await.until(() -> relay.swallowedFromServer() >= 3, WAIT)).as("ticks lost in the stall").isTrue();
          cut = relay.cut();
        }
      }
    }
    assertThat(node.waitFor(10, TimeUnit.SECONDS)).as("node finished").isTrue();
    String output = String.join("\n", lines);
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(cut).as("connections the relay cut: " + output).isPositive();
    return JsonMapper.builder().build().readTree(lines.get(lines.size() - 1));
  }

  static void assertNoGapNoDuplicate(JsonNode seen) {
    List<Long> sequences = seen.get("sequences").valueStream().map(JsonNode::asLong).toList();
    assertThat(sequences).hasSize(BEFORE_CUT + AFTER_CUT);
    for (int i = 1; i < sequences.size(); i++) {
      assertThat(sequences.get(i)).as("tick %d of %s", i, sequences).isEqualTo(sequences.get(i - 1) + 1);
    }
    assertThat(seen.get("connectionIdAfter").asString()).isEqualTo(seen.get("connectionId").asString());
    assertThat(seen.get("stateAfter").asString()).isEqualTo("Connected");
    assertThat(seen.get("closedBeforeStop").isNull()).as("the client never saw its connection close").isTrue();
  }
}
