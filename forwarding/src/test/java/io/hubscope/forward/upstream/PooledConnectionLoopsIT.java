package io.hubscope.forward.upstream;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.ForwardingStack;
import io.netty.channel.EventLoop;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A proxy's pooled connections run on different event loops: one loop does not carry all of the
 * proxy's upstream traffic.
 */
class PooledConnectionLoopsIT {

  private static final int POOL = 4;
  private final ForwardingStack stack = new ForwardingStack();
  private UpstreamPool pool;

  @BeforeEach
  void start() {
    ForwardingStack.App app = stack.app();
    ForwardingStack.Proxy proxy = stack.proxy(app, ForwardingStack.options("loops").poolSize(POOL).build());
    pool = proxy.forwarder().pool().pools().get(0);
    assertThat(Await.until(() -> pool.connected() == POOL, WAIT)).as("pool connected").isTrue();
  }

  @AfterEach
  void close() {
    stack.close();
  }

  @Test
  void pooledConnections_runOnDifferentEventLoops() {
    Set<EventLoop> loops = new HashSet<>();
    for (int i = 0; i < POOL; i++) {
      OutboundPooledConnection m = pool.member(i);
      loops.add(m.loop);
      // The answer to a call arrives on the thread that reads the connection.
      AtomicReference<Thread> answeredOn = new AtomicReference<>();
      m.connection().invoke("NoSuchMethod").doOnTerminate(() -> answeredOn.set(Thread.currentThread()))
          .onErrorResume(e -> Mono.empty()).block(WAIT);
      assertThat(m.loop.inEventLoop(answeredOn.get())).as("connection %d read on its loop", i).isTrue();
    }
    int available = 0;
    for (var ignored : pool.member(0).loop.parent()) available++;
    assertThat(loops).hasSize(Math.min(POOL, available));
  }
}
