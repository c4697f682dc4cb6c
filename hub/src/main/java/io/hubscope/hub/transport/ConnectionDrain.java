package io.hubscope.hub.transport;

import io.hubscope.hub.connection.CloseReason;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Empties a node for a rolling deploy: while draining, new clients are refused (negotiate answers
 * 503 with a reason), and the WebSocket clients are closed one by one with a reconnect hint
 * ({@code allowReconnect: true}), spread evenly over the drain time so that they do not all come
 * back at once. Closing is a non-blocking hand-off, done on the hub's sweeper thread.
 */
final class ConnectionDrain {

  static final String REASON = "Server is draining for maintenance; reconnect to be moved to another server";
  private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Set<TransportConnection> sockets;
  private volatile boolean draining;
  private ScheduledFuture<?> task; // guarded by this
  private long deadline; // guarded by this

  ConnectionDrain(Set<TransportConnection> sockets) {
    this.sockets = sockets;
  }

  boolean draining() {
    return draining;
  }

  /**
   * Starts draining: one client every {@code spread / clients}, the rest (late arrivals included)
   * when {@code spread} is over. Returns the clients asked to move. Draining again restarts the spread.
   */
  synchronized int start(Duration spread, ScheduledExecutorService scheduler) {
    if (spread == null || spread.isNegative()) throw new IllegalArgumentException("spread must be >= 0: " + spread);
    draining = true;
    if (task != null) task.cancel(false);
    int clients = openCount();
    deadline = System.nanoTime() + spread.toNanos();
    long period = Math.max(MIN_PERIOD_NANOS, spread.toNanos() / Math.max(1, clients));
    task = scheduler.scheduleAtFixedRate(this::closeNext, period, period, TimeUnit.NANOSECONDS);
    return clients;
  }

  /** Takes new clients again; those not yet asked to move stay. */
  synchronized void stop() {
    draining = false;
    if (task != null) task.cancel(false);
    task = null;
  }

  private synchronized void closeNext() {
    if (!draining) return;
    boolean overdue = System.nanoTime() - deadline >= 0;
    Iterator<TransportConnection> open = sockets.iterator();
    while (open.hasNext()) {
      TransportConnection c = open.next();
      if (c.isClosing() || c.protocol() == null) continue;
      c.close(CloseReason.DRAINED, REASON);
      if (!overdue) return;
    }
  }

  private int openCount() {
    int n = 0;
    for (TransportConnection c : sockets) {
      if (!c.isClosing()) n++;
    }
    return n;
  }
}
