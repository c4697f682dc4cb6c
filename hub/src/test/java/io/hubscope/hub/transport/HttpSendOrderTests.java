package io.hubscope.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.server.HubServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A long-polling client may send its next POST as soon as it has the previous one's 200: the hub
 * must not refuse it as a concurrent send while the 200 is still on its way out. Driven through the
 * hub's filter with mock exchanges, so the previous answer can be held "on the wire" for good.
 */
class HttpSendOrderTests {

  static final Duration WAIT = Duration.ofSeconds(5);

  final HubServer hub = HubServer.builder().build();

  @AfterEach
  void close() {
    hub.close();
  }

  MockServerWebExchange run(MockServerHttpRequest request) {
    MockServerWebExchange exchange = MockServerWebExchange.from(request);
    hub.webFilter().filter(exchange, e -> Mono.empty()).block(WAIT);
    return exchange;
  }

  /** Negotiates a long-polling connection and ends its first poll; returns the path its sends go to. */
  String openLongPolling() {
    String answer = run(MockServerHttpRequest.post("/dotnetify/negotiate?negotiateVersion=1").build())
        .getResponse().getBodyAsString().block(WAIT);
    String token = JsonMapper.builder().build().readTree(answer).path("connectionToken").asString();
    String path = "/dotnetify?id=" + token;
    assertThat(run(MockServerHttpRequest.get(path).build()).getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
    return path;
  }

  @Test
  void aSendRightAfterThePreviousSendsAnswer_isAccepted_evenWhileThatAnswerIsStillBeingWritten() {
    String path = openLongPolling();

    MockServerWebExchange first = MockServerWebExchange.from(MockServerHttpRequest.post(path)
        .body("{\"protocol\":\"json\",\"version\":1}\u001e"));
    first.getResponse().setWriteHandler(body -> Mono.never()); // its 200 never finishes going out
    Disposable pending = hub.webFilter().filter(first, e -> Mono.empty()).subscribe();
    try {
      assertThat(first.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);

      MockServerWebExchange second = run(MockServerHttpRequest.post(path).body("{\"type\":6}\u001e"));

      assertThat(second.getResponse().getStatusCode())
          .as("%s", second.getResponse().getBodyAsString().defaultIfEmpty("").block(WAIT))
          .isEqualTo(HttpStatus.OK);
    } finally {
      pending.dispose();
    }
  }

  @Test
  void aSendArrivingWhileThePreviousAnswerIsWrittenWithinItsCompletion_isAccepted() {
    String path = openLongPolling();

    // The 200 is written at once, inside the body's completion signal, and the client's next POST
    // comes in right then (on a real server: it saw the 200 and sent again, on another thread). A
    // flag lowered only after that signal has gone all the way down refused it with 409 (the load
    // tester's long-polling rows, seen on a loaded machine).
    MockServerWebExchange[] second = new MockServerWebExchange[1];
    MockServerWebExchange first = MockServerWebExchange.from(MockServerHttpRequest.post(path)
        .body("{\"protocol\":\"json\",\"version\":1}\u001e"));
    first.getResponse().setWriteHandler(body -> {
      second[0] = run(MockServerHttpRequest.post(path).body("{\"type\":6}\u001e"));
      return Mono.empty();
    });
    hub.webFilter().filter(first, e -> Mono.empty()).block(WAIT);

    assertThat(second[0]).as("the next POST came in while the first's answer was written").isNotNull();
    assertThat(second[0].getResponse().getStatusCode())
        .as("%s", second[0].getResponse().getBodyAsString().defaultIfEmpty("").block(WAIT))
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void aSendWhileAnotherIsStillBeingRead_isRefusedWith409() {
    String path = openLongPolling();

    MockServerWebExchange first = MockServerWebExchange.from(MockServerHttpRequest.post(path)
        .body(reactor.core.publisher.Flux.never())); // its body never ends
    Disposable pending = hub.webFilter().filter(first, e -> Mono.empty()).subscribe();
    try {
      MockServerWebExchange second = run(MockServerHttpRequest.post(path).body("{\"type\":6}\u001e"));

      assertThat(second.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
      assertThat(second.getResponse().getBodyAsString().block(WAIT))
          .contains("Another send is in progress");
    } finally {
      pending.dispose();
    }
  }
}
