package io.hubscope.stack;

import static org.awaitility.Awaitility.await;

import io.hubscope.hub.redis.testing.RedisServerProcess;
import io.hubscope.stack.StackClients.Client;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 13's cluster as a user starts it: {@code bin/demo --app-servers 2}, two app servers in
 * their own JVMs sharing a redis-server of the test's own (a free port, never the shared one on
 * 6379, so a test may kill it), both listed by each of the two proxies.
 */
final class ClusterStack implements AutoCloseable {

  final RedisServerProcess redis;
  final DemoStack demo;
  final NodeHealth health;

  private ClusterStack(RedisServerProcess redis, DemoStack demo) {
    this.redis = redis;
    this.demo = demo;
    this.health = new NodeHealth(demo);
  }

  static ClusterStack start() throws IOException, InterruptedException {
    RedisServerProcess redis = new RedisServerProcess();
    try {
      return new ClusterStack(redis, DemoStack.start(Map.of("HUBSCOPE_CLUSTER_REDIS_URL", redis.url()), 2, 240));
    } catch (IOException | InterruptedException | RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  /**
   * Waits until both app servers are ready (their readiness includes Redis) and every pooled
   * connection of both proxies to both app servers is up, so that new clients spread over both.
   */
  void awaitHealthy(Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(200)).alias("both app servers ready, every pooled connection up")
        .until(() -> {
          for (int port : demo.appPorts) if (!health.ready(port)) return false;
          for (int port : demo.proxyPorts) if (!health.allUpstreamsConnected(port)) return false;
          return true;
        });
  }

  /** The app server (its hub URL) that owns the only shared view model in use, waiting for one to. */
  String ownerOfTheOnlySharedViewModel() {
    return await().atMost(Duration.ofSeconds(10)).alias("one app server owns the shared view model")
        .until(() -> {
          List<String> owners = new ArrayList<>();
          for (int port : demo.appPorts) if (health.ownedViewModels(port) > 0) owners.add(DemoStack.hub(port));
          return owners.size() == 1 ? owners.get(0) : null;
        }, owner -> owner != null);
  }

  /**
   * {@code kill -9} of the app server at {@code hubUrl} (as bin/demo named it); returns the
   * {@link System#nanoTime()} just before the signal and waits until the process is gone.
   */
  long kill(String hubUrl) throws IOException {
    int index = demo.appHubs().indexOf(hubUrl);
    if (index < 0) throw new IllegalArgumentException("not an app server of this stack: " + hubUrl);
    long pid = demo.pid("app-server-" + (index + 1));
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(hubUrl + " is not running"));
    long killed = System.nanoTime();
    process.destroyForcibly(); // SIGKILL: no shutdown hook runs, no lease is released
    await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    return killed;
  }

  /** The first two clients of each path (proxy × app server): senders on every path. */
  static List<Client> twoPerPath(StackClients clients) {
    Map<String, List<Client>> byPath = new LinkedHashMap<>();
    for (Client c : clients.all()) {
      List<Client> onPath = byPath.computeIfAbsent(c.path(), p -> new ArrayList<>());
      if (onPath.size() < 2) onPath.add(c);
    }
    List<Client> senders = new ArrayList<>();
    byPath.values().forEach(senders::addAll);
    return senders;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      demo.close();
    } finally {
      redis.close();
    }
  }
}
