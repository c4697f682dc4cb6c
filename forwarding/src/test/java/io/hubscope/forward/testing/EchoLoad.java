package io.hubscope.forward.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/** Closed-loop echo load for the opt-in benchmarks: each Pong sends the next Ping. Indicative only. */
public final class EchoLoad {

  /** Round trips per second and latency percentiles of one run. */
  public record Result(String label, double perSecond, double p50Millis, double p99Millis) {
    @Override
    public String toString() {
      return String.format("%-22s %8.0f round trips/s  p50 %.2f ms  p99 %.2f ms", label, perSecond, p50Millis, p99Millis);
    }
  }

  private EchoLoad() {}

  public static Result run(String label, String url, int clientCount, long millis, ForwardingStack stack)
      throws InterruptedException {
    List<TestClient> clients = new ArrayList<>();
    for (int i = 0; i < clientCount; i++) clients.add(stack.track(TestClient.connect(url)));
    for (TestClient c : clients) c.request("Echo", Map.of());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong roundTrips = new AtomicLong();
    long[][] latencies = new long[clientCount][];
    int[] counts = new int[clientCount];
    for (int i = 0; i < clientCount; i++) {
      int index = i;
      latencies[i] = new long[1 << 16];
      TestClient c = clients.get(i);
      long[] sentAt = new long[1];
      AtomicLong next = new AtomicLong(1);
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
    // Not a wait for a condition: the load runs for a fixed time, and the round trips in it are the figure.
    Thread.sleep(millis);
    running.set(false);
    long total = roundTrips.get();
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
    for (TestClient c : clients) c.close();
    return new Result(label, total * 1000.0 / millis, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
  }
}
