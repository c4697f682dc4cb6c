package io.hubscope.observer;

import java.time.Duration;
import java.util.Base64;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Shared settings of the tests that start the observer. */
public final class ObserverTestSupport {

  public static final String USER = "admin";
  public static final String PASSWORD = "test-password";
  public static final String INGEST_TOKEN = "test-ingest-token";

  /** Each context its own in-memory database, so contexts never share history. */
  public static final String[] PROPERTIES = {
      "hubscope.observer.password=" + PASSWORD,
      "hubscope.observer.ingest-token=" + INGEST_TOKEN,
      "spring.datasource.url=jdbc:h2:mem:obs-${random.uuid};DB_CLOSE_DELAY=-1",
      "server.port=0"
  };

  private ObserverTestSupport() {}

  public static WebTestClient client(int port) {
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(15)).build();
  }

  public static WebTestClient authed(int port) {
    return client(port).mutate()
        .defaultHeader("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes()))
        .build();
  }
}
