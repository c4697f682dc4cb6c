package io.hubscope.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the stack's app servers and proxies say about themselves over HTTP, as an operator reads
 * it: readiness (public) and the health details (with bin/demo's management token): each proxy's
 * pinned clients per app server, each app server's cluster state.
 */
final class NodeHealth {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String token;

  NodeHealth(DemoStack stack) {
    this.token = stack.managementToken;
  }

  /** Whether {@code /actuator/health/readiness} answers 200 (false for 503 or no answer). */
  boolean ready(int port) {
    try {
      return send(port, "/actuator/health/readiness", false).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code /actuator/health/details}, parsed. */
  JsonNode details(int port) {
    try {
      HttpResponse<String> response = send(port, "/actuator/health/details", true);
      // 503 still carries the details: a node that is DOWN says why.
      if (response.statusCode() != 200 && response.statusCode() != 503) {
        throw new IllegalStateException("health details of :" + port + " answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("health details of :" + port + ": " + e.getMessage(), e);
    }
  }

  /** A proxy's clients pinned to each app server, by the app server's hub URL. */
  Map<String, Integer> pinnedClients(int proxyPort) {
    Map<String, Integer> pinned = new LinkedHashMap<>();
    for (JsonNode upstream : details(proxyPort).path("components").path("upstream").path("details").path("upstreams")) {
      pinned.put(upstream.path("url").asString(), upstream.path("clients").asInt());
    }
    return pinned;
  }

  /** Whether every pooled connection of a proxy to every app server is up. */
  boolean allUpstreamsConnected(int proxyPort) {
    JsonNode upstream = details(proxyPort).path("components").path("upstream").path("details");
    return upstream.path("poolSize").asInt() > 0
        && upstream.path("connected").asInt() == upstream.path("poolSize").asInt();
  }

  /** Shared view models an app server owns now (its cluster health details). */
  int ownedViewModels(int appPort) {
    return details(appPort).path("components").path("cluster").path("details").path("ownedViewModels").asInt();
  }

  private HttpResponse<String> send(int port, String path, boolean authorized) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5));
    if (authorized) request.header("Authorization", "Bearer " + token);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
