package io.hubscope.app.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;
import com.microsoft.signalr.TransportEnum;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.ViewModels;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The official Java SignalR client (com.microsoft.signalr 9.0.3), a client nobody here wrote. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JavaSignalRClientIT {

  @LocalServerPort int port;
  @Autowired HubServer hub;

  HubConnection connection;
  final BlockingQueue<String[]> responses = new LinkedBlockingQueue<>();

  /** The transport the client is told to use; {@link JavaSignalRLongPollingIT} forces Long Polling. */
  TransportEnum transport() {
    return TransportEnum.ALL;
  }

  /** The transport the server should see the client on. */
  String expectedTransport() {
    return "WebSockets";
  }

  @BeforeEach
  void connect() {
    connection = HubConnectionBuilder.create("http://127.0.0.1:" + port + "/dotnetify")
        .withHeader("User-Agent", "HubscopeJavaClientIT/1.0")
        .withTransport(transport())
        .build();
    connection.on("Response_VM", (String[] args) -> responses.add(args), String[].class);
    connection.start().blockingAwait(10, TimeUnit.SECONDS);
    assertThat(connection.getConnectionState()).isEqualTo(HubConnectionState.CONNECTED);
  }

  @AfterEach
  void disconnect() {
    connection.stop().blockingAwait(10, TimeUnit.SECONDS);
  }

  JsonObject next(String vmId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String[] r = responses.poll(200, TimeUnit.MILLISECONDS);
      if (r != null && r[0].equals(vmId)) return JsonParser.parseString(r[1]).getAsJsonObject();
    }
    throw new AssertionError("no Response_VM for " + vmId);
  }

  @Test
  void helloWorld_requestUpdatePushAndDispose() throws Exception {
    connection.invoke("Request_VM", "HelloWorld", Map.of()).blockingAwait(5, TimeUnit.SECONDS);
    JsonObject state = next("HelloWorld");
    assertThat(state.get("Greeting").getAsString()).isEqualTo("Hello World!");
    assertThat(state.has("ServerTime")).isTrue();

    connection.invoke("Update_VM", "HelloWorld", Map.of("Submit", Map.of("FirstName", "Grace", "LastName", "Hopper")))
        .blockingAwait(5, TimeUnit.SECONDS);
    JsonObject changed;
    do {
      changed = next("HelloWorld");
    } while (!changed.has("Greeting"));
    assertThat(changed.get("Greeting").getAsString()).isEqualTo("Hello, Grace Hopper!");

    JsonObject pushed = next("HelloWorld");
    assertThat(pushed.keySet()).containsExactly("ServerTime");

    connection.invoke("Dispose_VM", "HelloWorld").blockingAwait(5, TimeUnit.SECONDS);
    assertThat(((ViewModels) hub.viewModels()).runtime().directory().vmIds(connection.getConnectionId())).isEmpty();
  }

  @Test
  void echo_pingsCarryOurConnectionIdAndKeepComingAfterPongs() throws Exception {
    connection.invoke("Request_VM", "EchoVM", Map.of("$vmArg", Map.of("PingInterval", 100)))
        .blockingAwait(5, TimeUnit.SECONDS);
    next("EchoVM");
    long lastSequence = 0;
    for (int i = 0; i < 3; i++) {
      JsonObject ping;
      do {
        ping = next("EchoVM");
      } while (!ping.has("Ping") || ping.get("Ping").isJsonNull());
      JsonObject payload = ping.getAsJsonObject("Ping");
      assertThat(payload.get("ConnectionId").getAsString()).isEqualTo(connection.getConnectionId());
      assertThat(payload.get("Sequence").getAsLong()).isEqualTo(lastSequence + 1);
      lastSequence = payload.get("Sequence").getAsLong();
      connection.invoke("Update_VM", "EchoVM", Map.of("Pong", new com.google.gson.Gson().fromJson(payload, Map.class)))
          .blockingAwait(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void unknownViewModel_failsTheInvocationWithTheReason() throws Exception {
    assertThatThrownBy(() -> connection.invoke("Request_VM", "NoSuchVM", Map.of()).blockingAwait(5, TimeUnit.SECONDS))
        .hasMessageContaining("NoSuchVM");
    JsonObject error = next("NoSuchVM");
    assertThat(error.get("ExceptionType").getAsString()).isEqualTo("UnknownVMTypeException");
    connection.invoke("Request_VM", "HelloWorld", Map.of()).blockingAwait(5, TimeUnit.SECONDS);
    assertThat(next("HelloWorld").has("Greeting")).isTrue();
  }

  @Test
  void serverSeesTheClientsIpAndUserAgent() {
    var info = hub.connections().get(connection.getConnectionId()).info();
    assertThat(info.remoteIp()).isEqualTo("127.0.0.1");
    assertThat(info.userAgent()).contains("HubscopeJavaClientIT/1.0");
    assertThat(info.protocol()).isEqualTo("json");
    assertThat(info.transport()).isEqualTo(expectedTransport());
  }
}
