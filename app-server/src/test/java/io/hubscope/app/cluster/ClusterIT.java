package io.hubscope.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.redis.RedisHubCluster;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.netty.http.client.HttpClient;

/** The app server on the local Redis: ready, its chat room owned here, the cluster's meters exported. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClusterIT {

  static final String TOKEN = UUID.randomUUID().toString();
  static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort int port;
  @Autowired RedisHubCluster cluster;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("hubscope.management.token", () -> TOKEN);
    registry.add("hubscope.cluster.redis-url", () -> "redis://127.0.0.1:6379");
    // Its own keys and channels: other tests and runs on the same Redis never meet it.
    registry.add("hubscope.cluster.key-prefix", () -> "test-" + UUID.randomUUID());
  }

  String get(String path) {
    return HttpClient.create().headers(h -> h.set("Authorization", "Bearer " + TOKEN)).get()
        .uri("http://127.0.0.1:" + port + path)
        .responseContent().aggregate().asString().block(WAIT);
  }

  @Test
  void readiness_isUp_andASharedViewModelIsOwnedHere() {
    assertThat(get("/actuator/health/readiness")).contains("\"status\":\"UP\"");
    assertThat(get("/actuator/health/details")).contains("\"cluster\"");

    HubClientConnection client = HubClient.builder("http://127.0.0.1:" + port + "/dotnetify")
        .build().connect().block(WAIT);
    client.invoke("Request_VM", "ChatRoomVM", Map.of("$vmArg", Map.of("ChatRoom", "it"))).block(WAIT);
    assertThat(cluster.ownedCount()).isEqualTo(1);
    assertThat(get("/actuator/prometheus")).contains("hubscope_cluster_available").contains("hubscope_cluster_failures");
    client.close().block(WAIT);
  }
}
