package io.hubscope.observer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.ObserverTestSupport;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.netty.http.client.HttpClient;

/**
 * Login throttling, and the verified credentials that spare a repeated login its bcrypt, over real
 * sockets. Each test's clients bind their own loopback address (127.0.0.x), so each test is a
 * different client IP to the observer.
 */
@SpringBootTest(classes = ObserverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=" + ObserverTestSupport.PASSWORD, "hubscope.observer.ingest-token=t",
        "spring.datasource.url=jdbc:h2:mem:login-${random.uuid};DB_CLOSE_DELAY=-1"})
class LoginThrottleIT {

  @LocalServerPort int port;
  @MockitoSpyBean PasswordEncoder encoder;

  @BeforeEach
  void reset() {
    clearInvocations(encoder);
  }

  @Test
  void basicAuth_fiveWrongPasswords_then429WithRetryAfterAndNoPasswordCheck() {
    WebTestClient wrong = from("127.0.0.11").mutate()
        .defaultHeaders(h -> h.setBasicAuth("admin", "wrong-password")).build();
    for (int i = 0; i < 5; i++) {
      wrong.get().uri("/api/v1/summary").exchange().expectStatus().isUnauthorized();
    }
    verify(encoder, times(5)).matches(any(), any());
    clearInvocations(encoder);

    wrong.get().uri("/api/v1/summary").exchange().expectStatus().isEqualTo(429)
        .expectHeader().valueMatches("Retry-After", "[1-9][0-9]*")
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(429).jsonPath("$.title").isEqualTo("Too Many Requests")
        .jsonPath("$.detail").value(d -> assertThat((String) d).startsWith("Too many failed logins; retry in "));
    // Even the right password waits: the client is throttled, not the password.
    from("127.0.0.11").get().uri("/actuator/prometheus")
        .headers(h -> h.setBasicAuth("admin", ObserverTestSupport.PASSWORD))
        .exchange().expectStatus().isEqualTo(429);
    verify(encoder, times(0)).matches(any(), any());

    // Another client is unaffected and the refusals are counted.
    String metrics = from("127.0.0.12").get().uri("/actuator/prometheus")
        .headers(h -> h.setBasicAuth("admin", ObserverTestSupport.PASSWORD))
        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    assertThat(counter(metrics, "hubscope_observer_login_throttled_total")).isGreaterThanOrEqualTo(2);
    assertThat(counter(metrics, "hubscope_observer_login_failed_total")).isGreaterThanOrEqualTo(5);
  }

  @Test
  void formLogin_isThrottledBeforeThePasswordCheck() {
    WebTestClient browser = from("127.0.0.21");
    for (int i = 0; i < 5; i++) {
      login(browser, "nobody-" + i, "wrong-password").expectStatus().is3xxRedirection()
          .expectHeader().valueMatches("Location", ".*/login\\?error");
    }
    login(browser, "admin", ObserverTestSupport.PASSWORD).expectStatus().isEqualTo(429)
        .expectHeader().exists("Retry-After");
    verify(encoder, times(0)).matches(any(), any());

    login(from("127.0.0.22"), "admin", ObserverTestSupport.PASSWORD).expectStatus().is3xxRedirection()
        .expectHeader().valueMatches("Location", ".*/$");
    // That success may come from the verified credentials of another test; a wrong password never does.
    clearInvocations(encoder);
    login(from("127.0.0.23"), "admin", "wrong-password").expectStatus().is3xxRedirection()
        .expectHeader().valueMatches("Location", ".*/login\\?error");
    verify(encoder, times(1)).matches(any(), any());
  }

  @Test
  void basicAuth_theSameLoginAgain_isCheckedByBcryptAtMostOnce() {
    WebTestClient script = from("127.0.0.41").mutate()
        .defaultHeaders(h -> h.setBasicAuth("admin", ObserverTestSupport.PASSWORD)).build();
    for (int i = 0; i < 3; i++) {
      script.get().uri("/api/v1/summary").exchange().expectStatus().isOk();
    }
    verify(encoder, atMost(1)).matches(any(), any());
  }

  @Test
  void sessionCookie_isSameSiteStrictAndHttpOnly() {
    ResponseCookie session = login(from("127.0.0.31"), "admin", ObserverTestSupport.PASSWORD)
        .expectStatus().is3xxRedirection().returnResult(Void.class).getResponseCookies().getFirst("SESSION");
    assertThat(session).isNotNull();
    assertThat(session.getSameSite()).isEqualTo("Strict");
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.isSecure()).as("plain http: not Secure").isFalse();
  }

  private WebTestClient.ResponseSpec login(WebTestClient browser, String user, String password) {
    // The login page sets the CSRF token (cookie-less: it lives in the session) the form must echo.
    var page = browser.get().uri("/login").exchange().expectStatus().isOk().expectBody(String.class).returnResult();
    String html = page.getResponseBody();
    String session = page.getResponseCookies().getFirst("SESSION").getValue();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("csrf field in login page").isTrue();
    return browser.post().uri("/login").cookie("SESSION", session)
        .body(BodyInserters.fromFormData("username", user).with("password", password).with("_csrf", m.group(1)))
        .exchange();
  }

  private static double counter(String prometheus, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\S+)$").matcher(prometheus);
    assertThat(m.find()).as(name + " in " + prometheus).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private WebTestClient from(String localAddress) {
    HttpClient http = HttpClient.create().bindAddress(() -> new InetSocketAddress(localAddress, 0));
    return WebTestClient.bindToServer(new ReactorClientHttpConnector(http)).baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(15)).build();
  }
}
