package io.hubscope.hub.client;

import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pings when the client has been quiet for the keep-alive interval and closes the connection when
 * the server has been quiet for the server timeout. One timer per connection that re-arms itself
 * for the nearest deadline, instead of a fixed-rate tick, so that idle connections cost one wake-up
 * per interval. Runs on the connection's event loop.
 */
final class KeepAlive {

  private static final long MIN_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final HubClientConnection connection;
  private final EventLoop eventLoop;
  private final long keepAliveNanos;
  private final long timeoutNanos;
  private long lastReceivedNanos = System.nanoTime(); // event loop only
  private ScheduledFuture<?> timer;
  private boolean stopped;

  KeepAlive(HubClientConnection connection, EventLoop eventLoop, HubClientOptions options) {
    this.connection = connection;
    this.eventLoop = eventLoop;
    this.keepAliveNanos = options.keepAliveInterval().toNanos();
    this.timeoutNanos = options.serverTimeout().toNanos();
  }

  void start() {
    lastReceivedNanos = System.nanoTime();
    arm(Math.min(keepAliveNanos, timeoutNanos));
  }

  void received() {
    lastReceivedNanos = System.nanoTime();
  }

  void stop() {
    stopped = true;
    if (timer != null) timer.cancel(false);
  }

  private void tick() {
    if (stopped) return;
    long now = System.nanoTime();
    if (now - lastReceivedNanos >= timeoutNanos) {
      connection.shutDown(new CloseInfo(CloseInfo.Reason.TIMEOUT,
          "Server timeout elapsed (" + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
              + " ms) without receiving a message from the server", false, null));
      return;
    }
    if (now - connection.lastSentNanos() >= keepAliveNanos) {
      connection.sendPing();
    }
    long nextPing = connection.lastSentNanos() + keepAliveNanos;
    long nextTimeout = lastReceivedNanos + timeoutNanos;
    arm(Math.min(nextPing, nextTimeout) - now);
  }

  private void arm(long delayNanos) {
    timer = eventLoop.schedule(this::tick, Math.max(delayNanos, MIN_DELAY_NANOS), TimeUnit.NANOSECONDS);
  }
}
