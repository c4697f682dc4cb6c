package io.hubscope.tap;

import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Not a test: the tap sender's CPU and allocation per event, single-threaded, for docs/perf/tap.md.
 * Batches of 1,000 echo events (a client's {@code Update_VM} with its pong, a push with its ping,
 * alternating) are encoded into {@code Observe} invocations as the sender sends them; the thread's
 * CPU time and allocated bytes per event are printed for 10 rounds after a warm-up.
 *
 * <pre>java -cp tap-middleware/target/test-classes:tap-middleware/target/classes:$(cat cp.txt) io.hubscope.tap.SenderCost</pre>
 */
public final class SenderCost {

  public static void main(String[] args) {
    TapOptions options = TapOptions.builder("http://127.0.0.1:1/observe", TapSenderTests.NODE).build();
    TapSender sender = TapSenderTests.sender(options, new TapQueue(10, 1 << 20), new Drops(io.hubscope.tap.metrics.TapMetrics.NOOP));
    List<TapEvent> batch = echoBatch(1000);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < 2000; i++) sink += wire(sender, batch).length; // warm-up
    double[] nanos = new double[10];
    double[] bytes = new double[10];
    for (int round = 0; round < 10; round++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long allocated = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 500; i++) sink += wire(sender, batch).length;
      nanos[round] = (threads.getCurrentThreadCpuTime() - cpu) / 500.0 / batch.size();
      bytes[round] = (threads.getCurrentThreadAllocatedBytes() - allocated) / 500.0 / batch.size();
    }
    Arrays.sort(nanos);
    Arrays.sort(bytes);
    System.out.printf("sender per event: %.0f ns CPU (median of 10; %.0f-%.0f), %.0f bytes allocated (median)  [%d]%n",
        (nanos[4] + nanos[5]) / 2, nanos[0], nanos[9], (bytes[4] + bytes[5]) / 2, sink % 10);
  }

  private static byte[] wire(TapSender sender, List<TapEvent> batch) {
    return HubProtocols.JSON.encode(new InvocationMessage("1", "Observe", List.of(sender.argument(batch))));
  }

  static List<TapEvent> echoBatch(int n) {
    JsonMapper json = JsonMapper.builder().build();
    List<TapEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String conn = "conn-" + (i % 1000) + "-k3J9xQ2mZ8Lw";
      String ping = "{\"Ping\":{\"ConnectionId\":\"" + conn + "\",\"Time\":1764000000123.25,\"Sequence\":" + i
          + ",\"PrevLatency\":1.8734,\"AvgLatency\":2.0113}}";
      if (i % 2 == 0) {
        events.add(new TapEvent.Msg(1_764_000_000_000L + i, conn, false, "Response_VM", "EchoVM", ping.length() + 40, 1,
            null, ping));
      } else {
        byte[] frame = HubProtocols.JSON.encode(new InvocationMessage(null, "Update_VM",
            List.of(json.getNodeFactory().stringNode("EchoVM"), json.readTree("{\"Pong\":" + ping.substring(8)))));
        events.add(new TapEvent.Msg(1_764_000_000_000L + i, conn, true, "Update_VM", "EchoVM", frame.length, 1, null, frame));
      }
    }
    return events;
  }
}
