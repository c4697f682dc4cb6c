package io.hubscope.hub.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.protocol.CloseMessage;
import io.hubscope.hub.protocol.CompletionMessage;
import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.PingMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** HubClientConnection: invocations, handlers, sends, keep-alive and closing; against a real fake server. */
class HubClientConnectionTests extends FakeHubServerTestSupport {

  @ParameterizedTest
  @MethodSource("protocols")
  void invoke_completesWithTheServersResult(HubProtocol protocol) {
    HubClientConnection connection = connect(client("/hub").protocol(protocol));

    JsonNode result = connection.invoke("echo", Map.of("Name", "Ada", "Age", 36)).block(WAIT);

    assertThat(result.get("Name").stringValue()).isEqualTo("Ada");
    assertThat(result.get("Age").intValue()).isEqualTo(36);
  }

  @ParameterizedTest
  @MethodSource("protocols")
  void invoke_failsWithTheServersError(HubProtocol protocol) {
    HubClientConnection connection = connect(client("/hub").protocol(protocol));

    StepVerifier.create(connection.invoke("fail", 1))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HubInvocationException.class)
            .hasMessage("It didn't work!"))
        .verify(WAIT);
  }

  @ParameterizedTest
  @MethodSource("protocols")
  void invoke_ofVoidMethodCompletesEmpty(HubProtocol protocol) {
    HubClientConnection connection = connect(client("/hub").protocol(protocol));

    StepVerifier.create(connection.invoke("void")).verifyComplete();
  }

  @ParameterizedTest
  @MethodSource("protocols")
  void on_receivesServerInvocationsOfItsTarget(HubProtocol protocol) {
    HubClientConnection connection = connect(client("/hub").protocol(protocol));
    List<List<JsonNode>> responses = new CopyOnWriteArrayList<>();
    List<InvocationMessage> all = new CopyOnWriteArrayList<>();
    connection.on("Response_VM", responses::add);
    connection.onInvocation(all::add);

    connection.invoke("push", List.of("HelloWorld", "{\"Greetings\":\"Hi\"}")).block(WAIT);

    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).get(0).get(1).stringValue()).isEqualTo("{\"Greetings\":\"Hi\"}");
    assertThat(all).extracting(InvocationMessage::target).containsExactly("Response_VM");
  }

  @Test
  void invocationTimeout_failsAnUnansweredCall_andTheConnectionGoesOn() {
    HubClientConnection connection = connect(client("/hub").invocationTimeout(Duration.ofMillis(200)));

    StepVerifier.create(connection.invoke("silent", 1))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(java.util.concurrent.TimeoutException.class)
            .hasMessageContaining("'silent'").hasMessageContaining("200 ms"))
        .verify(WAIT);
    assertThat(connection.isOpen()).isTrue();
    assertThat(connection.invoke("echo", "still here").block(WAIT).stringValue()).isEqualTo("still here");
  }

  @ParameterizedTest
  @MethodSource("protocols")
  void invokeIgnoringResult_writesAnInvocationWithIdAndHearsOnlyOfAnError(HubProtocol protocol) throws Exception {
    HubClientConnection connection = connect(client("/hub").protocol(protocol));
    CompletableFuture<Throwable> failure = new CompletableFuture<>();

    connection.invokeIgnoringResult("echo", failure::complete, "ignored");
    connection.invokeIgnoringResult("fail", failure::complete, 1);

    InvocationMessage echo = (InvocationMessage) server.nextReceived();
    assertThat(echo.target()).isEqualTo("echo");
    assertThat(echo.invocationId()).isNotNull();
    assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(HubInvocationException.class).hasMessage("It didn't work!");
    assertThat(connection.invoke("echo", "next").block(WAIT).stringValue()).as("nothing else pending").isEqualTo("next");
  }

  @Test
  void invokeIgnoringResult_failsWhenTheCallTimesOutOrTheConnectionCloses() throws Exception {
    HubClientConnection connection = connect(client("/hub").invocationTimeout(Duration.ofMillis(200)));
    CompletableFuture<Throwable> timedOut = new CompletableFuture<>();
    CompletableFuture<Throwable> closedBefore = new CompletableFuture<>();
    CompletableFuture<Throwable> closedAfter = new CompletableFuture<>();

    connection.invokeIgnoringResult("silent", timedOut::complete);
    assertThat(timedOut.get(5, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.TimeoutException.class);
    connection.invokeIgnoringResult("closeMe", closedBefore::complete);
    assertThat(closedBefore.get(5, TimeUnit.SECONDS)).isInstanceOf(HubConnectionClosedException.class);
    connection.invokeIgnoringResult("echo", closedAfter::complete, 1);

    assertThat(closedAfter.get(5, TimeUnit.SECONDS)).isInstanceOf(HubConnectionClosedException.class);
  }

  @Test
  void withoutInvocationTimeout_anUnansweredCallWaits() {
    HubClientConnection connection = connect(client("/hub"));

    StepVerifier.create(connection.invoke("silent", 1)).expectSubscription()
        .expectNoEvent(Duration.ofMillis(600)).thenCancel().verify(WAIT);
  }

  @Test
  void send_writesAnInvocationWithoutId() throws Exception {
    HubClientConnection connection = connect(client("/hub"));

    connection.send("Dispose_VM", "HelloWorld").block(WAIT);

    assertThat(server.nextReceived()).isEqualTo(new InvocationMessage(null, "Dispose_VM",
        List.of(JsonNodeFactory.instance.stringNode("HelloWorld"))));
  }

  @Test
  void closed_reportsTheServersCloseMessage() {
    HubClientConnection connection = connect(client("/hub"));

    StepVerifier.create(connection.invoke("closeMe"))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HubConnectionClosedException.class)
            .hasMessageContaining("Server shutting down"))
        .verify(WAIT);
    CloseInfo info = connection.closed().block(WAIT);
    assertThat(info.reason()).isEqualTo(CloseInfo.Reason.SERVER_CLOSE);
    assertThat(info.error()).isEqualTo("Server shutting down");
    assertThat(info.allowReconnect()).isTrue();
    assertThat(connection.isOpen()).isFalse();
  }

  @Test
  void closed_reportsTheTransportWhenTheServerHangsUp() {
    HubClientConnection connection = connect(client("/hub"));

    connection.send("hangup").block(WAIT);

    assertThat(connection.closed().block(WAIT).reason())
        .isIn(CloseInfo.Reason.TRANSPORT_CLOSED, CloseInfo.Reason.TRANSPORT_ERROR);
  }

  @Test
  void closed_reportsAProtocolErrorForMalformedServerMessages() {
    HubClientConnection connection = connect(client("/hub"));

    connection.send("garbage").block(WAIT);

    CloseInfo info = connection.closed().block(WAIT);
    assertThat(info.reason()).isEqualTo(CloseInfo.Reason.PROTOCOL_ERROR);
    assertThat(info.error()).contains("Malformed JSON");
  }

  @Test
  void close_sendsCloseMessageAndRefusesLaterInvocations() throws Exception {
    HubClientConnection connection = connect(client("/hub"));
    connection.send("before-close").block(WAIT);

    connection.close().block(WAIT);

    assertThat(server.nextReceived()).isEqualTo(new InvocationMessage(null, "before-close", List.of()));
    assertThat(server.nextReceived()).isEqualTo(new CloseMessage(null, false));
    assertThat(connection.closed().block(WAIT).reason()).isEqualTo(CloseInfo.Reason.LOCAL_CLOSE);
    StepVerifier.create(connection.invoke("echo", 1))
        .expectError(HubConnectionClosedException.class)
        .verify(WAIT);
  }

  @Test
  void keepAlive_pingsWhileTheClientIsIdle() throws Exception {
    connect(client("/hub").keepAliveInterval(Duration.ofMillis(100)).serverTimeout(Duration.ofSeconds(10)));

    assertThat(server.nextReceived()).isEqualTo(PingMessage.INSTANCE);
    assertThat(server.nextReceived()).isEqualTo(PingMessage.INSTANCE);
  }

  @Test
  void serverTimeout_closesAConnectionWhoseServerFellSilent() {
    HubClientConnection connection = connect(client("/hub")
        .keepAliveInterval(Duration.ofMillis(100)).serverTimeout(Duration.ofMillis(400)));

    CloseInfo info = connection.closed().block(WAIT);

    assertThat(info.reason()).isEqualTo(CloseInfo.Reason.TIMEOUT);
    assertThat(info.error()).contains("Server timeout");
  }

  @Test
  void answersServerPingsAndRefusesServerInvocationsExpectingAResult() throws Exception {
    HubClientConnection connection = connect(client("/hub"));

    connection.send("pingMe").block(WAIT);
    server.nextReceived(); // pingMe
    assertThat(server.nextReceived()).isEqualTo(PingMessage.INSTANCE);

    connection.send("askResult").block(WAIT);
    server.nextReceived(); // askResult
    HubMessage answer = server.nextReceived();
    assertThat(answer).isInstanceOf(CompletionMessage.class);
    assertThat(((CompletionMessage) answer).invocationId()).isEqualTo("s1");
    assertThat(((CompletionMessage) answer).error()).contains("ClientMethod");
  }

  @Test
  void send_isSafeFromManyThreadsAndKeepsEachThreadsOrder() throws Exception {
    HubClientConnection connection = connect(client("/hub"));
    int threads = 8;
    int perThread = 250;
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread sender = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          connection.send("seq", thread, i).subscribe();
        }
      });
      sender.start();
      senders.add(sender);
    }
    for (Thread sender : senders) sender.join();

    int[] next = new int[threads];
    for (int n = 0; n < threads * perThread; n++) {
      InvocationMessage m = (InvocationMessage) server.nextReceived();
      int thread = m.arguments().get(0).intValue();
      assertThat(m.arguments().get(1).intValue()).isEqualTo(next[thread]++);
    }
    assertThat(next).containsOnly(perThread);
  }
}
