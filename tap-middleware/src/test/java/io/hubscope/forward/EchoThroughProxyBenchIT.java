package io.hubscope.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.forward.testing.TestClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Not a timed test: echo round trips per second and latency, direct and through one proxy, all in
 * one JVM (indicative only; bin/bench measures separate processes). Run with
 * {@code mvn -B -pl tap-middleware -am verify -Dit.test=EchoThroughProxyBenchIT -Dhubscope.bench=true
 * -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "hubscope.bench", matches = "true")
class EchoThroughProxyBenchIT {

  static final Logger LOG = LoggerFactory.getLogger(EchoThroughProxyBenchIT.class);
  static final int CLIENTS = Integer.getInteger("hubscope.bench.clients", 100);
  static final long MILLIS = Long.getLong("hubscope.bench.millis", 5000);

  @Test
  void echo_directVersusThroughOneProxy() throws Exception {
    try (ForwardingStack stack = new ForwardingStack()) {
      ForwardingStack.App app = stack.app();
      ForwardingStack.Proxy proxy = stack.proxy(app, ForwardingStack.options("bench").poolSize(5).build());
      assertThat(Await.until(() -> proxy.forwarder().pool().connected() == 5, WAIT)).isTrue();
      run("warm-up", app.url(), stack);
      String direct = run("direct", app.url(), stack);
      String proxied = run("through proxy", proxy.url(), stack);
      LOG.info("echo, {} clients, {} ms:\n  {}\n  {}", CLIENTS, MILLIS, direct, proxied);
    }
  }

  static String run(String label, String url, ForwardingStack stack) throws Exception {
    List<TestClient> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) clients.add(stack.track(TestClient.connect(url)));
    for (TestClient c : clients) c.request("Echo", Map.of());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong roundTrips = new AtomicLong();
    long[][] latencies = new long[CLIENTS][];
    int[] counts = new int[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
      int index = i;
      latencies[i] = new long[1 << 16];
      TestClient c = clients.get(i);
      long[] sentAt = new long[1];
      AtomicLong next = new AtomicLong(1);
      // Closed loop: each Pong sends the next Ping.
      c.connection().on("Response_VM", args -> {
        JsonNode pong = TestClient.JSON.readTree(args.get(0).get(1).asString()).path("Pong");
        if (pong.asLong() != next.get() - 1 || !running.get()) return;
        if (counts[index] < latencies[index].length) latencies[index][counts[index]++] = System.nanoTime() - sentAt[0];
        roundTrips.incrementAndGet();
        sentAt[0] = System.nanoTime();
        c.update("Echo", Map.of("Ping", next.getAndIncrement())).subscribe(null, e -> {});
      });
      sentAt[0] = System.nanoTime();
      c.update("Echo", Map.of("Ping", next.getAndIncrement())).subscribe(null, e -> {});
    }
    Thread.sleep(MILLIS);
    running.set(false);
    long total = roundTrips.get();
    long[] all = Arrays.stream(latencies).flatMapToLong(l -> Arrays.stream(l)).filter(v -> v > 0).sorted().toArray();
    for (TestClient c : clients) c.close();
    return String.format("%-14s %8.0f round trips/s  p50 %.2f ms  p99 %.2f ms", label, total * 1000.0 / MILLIS,
        all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
  }
}
