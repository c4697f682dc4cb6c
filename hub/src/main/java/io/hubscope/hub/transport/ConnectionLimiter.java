package io.hubscope.hub.transport;

import io.hubscope.hub.limit.HubLimits;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a node's WebSocket clients, and per client IP its clients plus its negotiated tokens, so
 * that negotiate and connect can refuse before anything is allocated. Never blocks: per-IP counts
 * change atomically per key, and an IP's entry goes when its count reaches zero.
 */
final class ConnectionLimiter {

  private final HubLimits limits;
  private final AtomicInteger sockets = new AtomicInteger();
  private final ConcurrentMap<String, Integer> perIp = new ConcurrentHashMap<>();

  ConnectionLimiter(HubLimits limits) {
    this.limits = limits;
  }

  HubLimits limits() {
    return limits;
  }

  /** True when the node has no room for another socket (checked at negotiate, before a token). */
  boolean nodeFull() {
    return sockets.get() >= limits.maxConnections();
  }

  /** Takes a socket slot; false (nothing taken) when the node is full. */
  boolean openSocket() {
    while (true) {
      int n = sockets.get();
      if (n >= limits.maxConnections()) return false;
      if (sockets.compareAndSet(n, n + 1)) return true;
    }
  }

  void closeSocket() {
    sockets.decrementAndGet();
  }

  /** Takes a slot for {@code ip} (a token or a socket); false (nothing taken) when it has none left. */
  boolean acquireIp(String ip) {
    if (exempt(ip)) return true;
    boolean[] taken = {false};
    perIp.compute(ip, (key, n) -> {
      int count = n == null ? 0 : n;
      if (count >= limits.maxConnectionsPerIp()) return n;
      taken[0] = true;
      return count + 1;
    });
    return taken[0];
  }

  void releaseIp(String ip) {
    if (ip == null || exempt(ip)) return;
    perIp.computeIfPresent(ip, (key, n) -> n <= 1 ? null : n - 1);
  }

  int sockets() {
    return sockets.get();
  }

  /** Addresses with a slot, for leak checks. */
  int addresses() {
    return perIp.size();
  }

  private boolean exempt(String ip) {
    return !limits.limitLoopback() && isLoopback(ip);
  }

  /** A loopback literal, as {@link ClientAddresses} gives it (no name lookups). */
  static boolean isLoopback(String ip) {
    return ip.startsWith("127.") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1") || ip.startsWith("::ffff:127.");
  }
}
