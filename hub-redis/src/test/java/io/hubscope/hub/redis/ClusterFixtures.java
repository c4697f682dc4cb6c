package io.hubscope.hub.redis;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.ViewModels;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.testing.Inbox;
import io.hubscope.hub.vm.BaseVM;
import io.hubscope.hub.vm.ListProperty;
import io.hubscope.hub.vm.MulticastVM;
import io.hubscope.hub.vm.Property;
import io.hubscope.hub.vm.VMRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Hub servers sharing view models through Redis, their clients and the view models the ITs use. */
final class ClusterFixtures {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final JsonMapper JSON = JsonMapper.builder().build();

  private ClusterFixtures() {}

  /** A chat room: every {@code Say} is appended and pushed to every member. */
  public static final class Chat extends MulticastVM {
    public record Message(String id, String text) {}

    final ListProperty<Message> messages = list("Messages", Message.class, "Id", Message::id);

    public Chat() {
      command("Say", Message.class, m -> {
        messages.add(m);
        pushUpdates();
      });
    }
  }

  /** A shared clock: one timer counts up and pushes; counts its live instances across the JVM. */
  public static final class Ticker extends MulticastVM {
    static final AtomicInteger LIVE = new AtomicInteger();
    final Property<Integer> tick = property("Tick", 0);

    @Override
    protected void onCreated() {
      LIVE.incrementAndGet();
      schedule(Duration.ofMillis(100), () -> {
        tick.set(tick.get() + 1);
        pushUpdates();
      });
    }

    @Override
    protected void onDispose() {
      LIVE.decrementAndGet();
    }
  }

  /** A private counter: never shared, so it works with Redis down. */
  public static final class Counter extends BaseVM {
    final Property<Integer> count = property("Count", 0);

    public Counter() {
      command("Add", Integer.class, n -> count.set(count.get() + n));
    }
  }

  static VMRegistry registry() {
    return new VMRegistry().registerMulticast("Chat", Chat::new).registerMulticast("Ticker", Ticker::new)
        .register("Counter", Counter::new);
  }

  /** A unique key prefix, so concurrent tests (and earlier runs) never share a key or channel. */
  static String prefix() {
    return "test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static RedisClusterOptions.Builder options(String redisUrl, String prefix, String serverId) {
    return RedisClusterOptions.builder(redisUrl).keyPrefix(prefix).serverId(serverId)
        .leaseTtl(Duration.ofSeconds(2)).renewInterval(Duration.ofMillis(500)).callTimeout(Duration.ofSeconds(3));
  }

  /** One hub server with its cluster node. */
  record Node(HubTestServer server, RedisHubCluster cluster, InMemoryClusterMetrics metrics) implements AutoCloseable {

    static Node start(RedisClusterOptions options) {
      InMemoryClusterMetrics metrics = new InMemoryClusterMetrics();
      RedisHubCluster cluster = new RedisHubCluster(options, metrics);
      HubServer hub = HubServer.builder().viewModels(ViewModels.of(registry())).cluster(cluster).build();
      return new Node(new HubTestServer(hub), cluster, metrics);
    }

    Client connect() {
      Inbox<List<JsonNode>> responses = new Inbox<>();
      HubClientConnection c = HubClient.builder(server.url()).userAgent("cluster-test").build().connect()
          .doOnNext(conn -> conn.on("Response_VM", responses::add))
          .block(WAIT);
      return new Client(c, responses);
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** A client; {@code responses} is filled on the client's event loop, so an inbox. */
  record Client(HubClientConnection connection, Inbox<List<JsonNode>> responses) {

    /** The next Response_VM for {@code vmId}, parsed. */
    JsonNode next(String vmId) {
      return next(vmId, WAIT);
    }

    JsonNode next(String vmId, Duration wait) {
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline) {
        List<JsonNode> args = responses.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (args == null) break;
        JsonNode arg = args.get(0);
        if (arg.get(0).asString().equals(vmId)) return JSON.readTree(arg.get(1).asString());
      }
      throw new AssertionError("no Response_VM for " + vmId + " within " + wait);
    }

    /** Skips responses until one has {@code property}. */
    JsonNode nextWith(String vmId, String property, Duration wait) {
      long deadline = System.nanoTime() + wait.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("no Response_VM for " + vmId + " with " + property + " within " + wait);
        JsonNode data = next(vmId, Duration.ofNanos(left));
        if (data.has(property)) return data;
      }
    }

    void close() {
      connection.close().block(WAIT);
    }
  }
}
