package io.hubscope.tap;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.EchoLoad;
import io.hubscope.forward.testing.ForwardingStack;
import io.hubscope.tap.metrics.DropCause;
import io.hubscope.tap.metrics.InMemoryTapMetrics;
import io.hubscope.tap.testing.FakeObserver;
import io.hubscope.tap.testing.TappedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not a timed test: echo round trips per second through a proxy with the tap off, on (default
 * settings, a fake observer that counts), and on with the observer stopped; all in one JVM, so
 * indicative only (bin/bench measures separate processes). Run with
 * {@code mvn -B -pl tap-middleware -am verify -Dit.test=TapBenchIT -Dhubscope.bench=true -Dtest=None
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dhubscope.bench.clients} and
 * {@code -Dhubscope.bench.millis} and {@code -Dhubscope.bench.rounds} change the load.
 */
@EnabledIfSystemProperty(named = "hubscope.bench", matches = "true")
class TapBenchIT {

  static final Logger LOG = LoggerFactory.getLogger(TapBenchIT.class);
  static final int CLIENTS = Integer.getInteger("hubscope.bench.clients", 100);
  static final long MILLIS = Long.getLong("hubscope.bench.millis", 5000);
  static final int ROUNDS = Integer.getInteger("hubscope.bench.rounds", 3);

  @Test
  void echo_throughAProxy_tapOffOnAndObserverStopped() throws Exception {
    try (ForwardingStack stack = new ForwardingStack(); FakeObserver observer = new FakeObserver()) {
      observer.countOnly();
      ForwardingStack.App app = stack.app();
      InMemoryTapMetrics metrics = new InMemoryTapMetrics();
      TappedStack.Proxy off = TappedStack.proxy(stack, app, null, 5);
      TappedStack.Proxy on = TappedStack.proxy(stack, app, TapOptions.builder(observer.url(),
          NodeIdentity.of("proxy", "bench", "127.0.0.1:0")).token(FakeObserver.TOKEN).metrics(metrics).build(), 5);
      assertThat(Await.until(() -> off.forwarder.pool().connected() == 5 && on.forwarder.pool().connected() == 5
          && on.tap.connected(), WAIT)).isTrue();
      EchoLoad.run("warm-up", off.url(), CLIENTS, MILLIS, stack);
      EchoLoad.run("warm-up", on.url(), CLIENTS, MILLIS, stack);

      // Alternate, so warm-up and drift weigh on both sides of each comparison alike.
      double[] offOn = {0, 0};
      for (int round = 0; round < ROUNDS; round++) {
        offOn[0] += EchoLoad.run("tap off", off.url(), CLIENTS, MILLIS, stack).perSecond() / ROUNDS;
        offOn[1] += EchoLoad.run("tap on", on.url(), CLIENTS, MILLIS, stack).perSecond() / ROUNDS;
      }
      // The last batches: the queue is empty and the observer holds all the tap sent.
      assertThat(Await.until(() -> metrics.queueDepth() == 0 && observer.received() >= metrics.sent(), WAIT)).isTrue();
      long mirrored = observer.received();

      observer.stop();
      assertThat(Await.until(() -> !on.tap.connected(), WAIT)).isTrue();
      long downBefore = metrics.dropped(DropCause.OBSERVER_DOWN);
      double[] offDown = {0, 0};
      for (int round = 0; round < ROUNDS; round++) {
        offDown[0] += EchoLoad.run("tap off", off.url(), CLIENTS, MILLIS, stack).perSecond() / ROUNDS;
        offDown[1] += EchoLoad.run("observer down", on.url(), CLIENTS, MILLIS, stack).perSecond() / ROUNDS;
      }
      LOG.info(String.format("echo through a proxy, %d clients, mean of %d alternating runs of %d ms:%n"
              + "  tap off %8.0f/s   tap on        %8.0f/s   ratio %.2f   (%d events mirrored, dropped: queue_full %d)%n"
              + "  tap off %8.0f/s   observer down %8.0f/s   ratio %.2f   (dropped: observer_down %d)",
          CLIENTS, ROUNDS, MILLIS, offOn[0], offOn[1], offOn[1] / offOn[0], mirrored, metrics.dropped(DropCause.QUEUE_FULL),
          offDown[0], offDown[1], offDown[1] / offDown[0], metrics.dropped(DropCause.OBSERVER_DOWN) - downBefore));
    }
  }
}
