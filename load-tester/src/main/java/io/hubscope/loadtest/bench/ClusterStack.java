package io.hubscope.loadtest.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster rows' servers (issue 13): a Redis of the benchmark's own ({@code redis-server} on a
 * free port, nothing saved), two app servers sharing it ({@code hubscope.cluster.redis-url}) and two
 * proxies in front of both ({@code hubscope.proxy.upstreams}). Kills the second app server for the
 * failover row and brings it back afterwards.
 */
final class ClusterStack {

  private static final Pattern LEASES_OWNED = Pattern.compile(
      "^hubscope_cluster_leases_owned(?:\\{[^}]*})?\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<ServerProcess> apps;
  private final List<ServerProcess> proxies;

  private ClusterStack(List<ServerProcess> apps, List<ServerProcess> proxies) {
    this.apps = apps;
    this.proxies = proxies;
  }

  /** The {@code redis-server} on the PATH, or null when there is none. */
  static Path redisServer() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) return candidate;
    }
    return null;
  }

  /**
   * Starts Redis, the two app servers and the two proxies (not waiting for them: {@link #awaitReady});
   * each is added to {@code servers} as soon as it is started, so the caller stops whatever started.
   */
  static ClusterStack start(Path redisServer, Path appServerJar, Path proxyAgentJar, String secret, Path logDir,
      List<ServerProcess> servers) throws IOException {
    // Nothing on disk: no snapshots, no append-only file.
    ServerProcess redis = ServerProcess.startProgram("redis", List.of(redisServer.toString(), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no"), "--port", logDir);
    servers.add(redis);
    List<ServerProcess> apps = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      ServerProcess app = ServerProcess.start("app-server-" + i, appServerJar, "--server.port=", List.of(
          "--hubscope.app.redirect-to-proxies=false", "--hubscope.cluster.redis-url=redis://127.0.0.1:" + redis.port(),
          "--hubscope.cluster.server-id=app-server-" + i, "--hubscope.cluster.key-prefix=bench"),
          Map.of("HUBSCOPE_APP_SHARED_SECRET", secret), logDir);
      servers.add(app);
      apps.add(app);
    }
    String upstreams = apps.get(0).baseUrl() + "/dotnetify," + apps.get(1).baseUrl() + "/dotnetify";
    List<ServerProcess> proxies = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      ServerProcess proxy = ServerProcess.start("proxy-c" + i, proxyAgentJar, "--server.port=", List.of(
          "--hubscope.proxy.upstreams=" + upstreams, "--hubscope.proxy.node-name=proxy-c" + i,
          "--hubscope.proxy.require-token=false"), Map.of("HUBSCOPE_PROXY_SHARED_SECRET", secret), logDir);
      servers.add(proxy);
      proxies.add(proxy);
    }
    return new ClusterStack(apps, proxies);
  }

  /** The proxies' hub URLs: the clients are spread over them. */
  List<String> hubUrls() {
    return proxies.stream().map(p -> p.baseUrl() + "/dotnetify").toList();
  }

  /** The app server the failover row kills. */
  ServerProcess victim() {
    return apps.get(1);
  }

  /** Waits until every proxy has its whole pool up to both app servers, so clients spread over both. */
  void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ServerProcess proxy : proxies) {
      while (!fullyLinked(proxy)) {
        for (ServerProcess s : apps) {
          if (!s.isAlive()) throw new IllegalStateException(s.name() + " exited; see " + s.log());
        }
        if (!proxy.isAlive()) throw new IllegalStateException(proxy.name() + " exited; see " + proxy.log());
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(proxy.name() + " not linked to both app servers within " + timeout
              + "; see " + proxy.log());
        }
        ServerProbe.pause(250);
      }
    }
  }

  /** Starts the killed app server again and waits until both proxies use it again. */
  void restoreVictim(Duration timeout) throws IOException {
    ServerProcess victim = victim();
    victim.restart();
    victim.awaitReady("/actuator/health", timeout);
    awaitReady(timeout);
  }

  /** The shared view models {@code app} owns now, from its Prometheus endpoint; -1 when unknown. */
  long leasesOwned(ServerProcess app) {
    Matcher m = LEASES_OWNED.matcher(ServerProbe.get(app, "/actuator/prometheus", ServerProbe.Accept.OK));
    return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
  }

  /** Every pooled connection of the proxy to every app server is up (its health details say so). */
  private boolean fullyLinked(ServerProcess proxy) {
    String body = ServerProbe.get(proxy, "/actuator/health/details", ServerProbe.Accept.OK_OR_DOWN);
    if (body.isEmpty()) return false;
    JsonNode pools = JSON.readTree(body).path("components").path("upstream").path("details").path("upstreams");
    if (!pools.isArray() || pools.size() != apps.size()) return false;
    for (JsonNode pool : pools) {
      if (pool.path("connected").asInt(0) < pool.path("poolSize").asInt(1)) return false;
    }
    return true;
  }


}
