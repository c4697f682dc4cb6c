package io.hubscope.app.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.ViewModels;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official npm {@code @microsoft/signalr} client, run by Node against the app server. It comes
 * from the demo page's pinned package-lock.json, installed by the build's {@code npm ci}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NodeSignalRClientIT {

  @LocalServerPort int port;
  @Autowired HubServer hub;

  /**
   * {@code signalr-latest} is an npm alias of the newest release (5.0.x, which dotNetify 5.4 runs on,
   * is proven in the browser by DemoPageIT; it does not load in Node 20).
   */
  @Test
  void npmClient_requestsUpdatesReceivesPushesAndDisposes() throws Exception {
    String clientPackage = "signalr-latest";
    File web = new File("src/main/web");
    ProcessBuilder pb = new ProcessBuilder("node", new File("src/test/node/signalr-client-check.js").getAbsolutePath(),
        "http://127.0.0.1:" + port + "/dotnetify", clientPackage);
    pb.environment().put("NODE_PATH", new File(web, "node_modules").getAbsolutePath());
    pb.redirectErrorStream(true);
    Process node = pb.start();
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(node.exitValue()).as(out).isZero();
    JsonNode seen = JsonMapper.builder().build().readTree(out.substring(out.lastIndexOf('\n') + 1));

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

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (hub.connections().size() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(hub.connections().size()).isZero();
    assertThat(((ViewModels) hub.viewModels()).runtime().connectionCount()).isZero();
  }
}
