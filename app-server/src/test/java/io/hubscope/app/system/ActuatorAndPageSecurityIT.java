package io.hubscope.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The app server's actuator keeps metrics to token holders, and its demo page carries a CSP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActuatorAndPageSecurityIT {

  @LocalServerPort int port;
  static final String TOKEN = java.util.UUID.randomUUID().toString();

  @DynamicPropertySource
  static void managementToken(DynamicPropertyRegistry registry) {
    registry.add("hubscope.management.token", () -> TOKEN);
  }

  WebTestClient client() {
    return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(10)).build();
  }

  @Test
  void metricsAndPrometheus_needTheManagementToken_healthIsPublicWithoutDetails() {
    for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator", "/actuator/health/details"}) {
      client().get().uri(path).exchange().expectStatus().isUnauthorized()
          .expectHeader().valueMatches("WWW-Authenticate", "Bearer.*")
          .expectHeader().contentType("application/problem+json")
          .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.title").isEqualTo("Unauthorized")
          .jsonPath("$.instance").isEqualTo(path)
          .jsonPath("$.detail").isEqualTo("This endpoint needs Authorization: Bearer <management token>");
      client().get().uri(path).headers(h -> h.setBearerAuth("wrong-" + TOKEN)).exchange()
          .expectStatus().isUnauthorized();
    }
    // Spellings the endpoint mapping accepts are no way around the token.
    for (String path : new String[] {"/actuator;x=1/prometheus", "/actu%61tor/prometheus", "//actuator/prometheus",
        "/actuator/prometheus/", "/actuator/health/../prometheus"}) {
      String body = client().get().uri(java.net.URI.create("http://127.0.0.1:" + port + path)).exchange()
          .expectBody(String.class).returnResult().getResponseBody();
      assertThat(body).as(path).doesNotContain("jvm_memory");
    }
    client().get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();

    String prometheus = client().get().uri("/actuator/prometheus").headers(h -> h.setBearerAuth(TOKEN))
        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    assertThat(prometheus).containsPattern("hubscope_management_refused_total\\{[^}]*} [1-9]");
    client().get().uri("/actuator/health/details").headers(h -> h.setBearerAuth(TOKEN)).exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.components.diskSpace").exists();
  }

  @Test
  void demoPage_carriesCspAndNosniff() {
    client().get().uri("/").exchange().expectStatus().isOk()
        .expectHeader().valueMatches("Content-Security-Policy", ".*script-src 'self';.*object-src 'none'.*")
        .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
    client().get().uri("/demo.js").exchange().expectStatus().isOk()
        .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
  }
}
