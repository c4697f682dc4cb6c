package io.hubscope.hub.transport;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Connection tokens handed out by negotiate, waiting for their WebSocket. A token is used once;
 * unused tokens expire so a client that negotiates and never connects leaks nothing, and there are
 * at most {@code maxPending} at a time. Each holds its client IP's slot until it is claimed (the
 * socket takes the slot over) or expires (the slot is released).
 */
final class ConnectionTokens {

  /** A negotiated connection waiting for its socket. */
  record Pending(String connectionId, String ip, long expiresAtNanos, boolean stateful) {}

  /**
   * DRBG seeds once and then draws from memory; the default NativePRNG reads /dev/urandom on
   * every call, which would be file I/O on an event loop for each negotiate.
   */
  private static final SecureRandom RANDOM = drbg();

  private static SecureRandom drbg() {
    try {
      SecureRandom random = SecureRandom.getInstance("DRBG");
      random.nextBytes(new byte[16]);
      return random;
    } catch (java.security.NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Boolean> active = new ConcurrentHashMap<>();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final long ttlNanos;
  private final int maxPending;

  ConnectionTokens(long ttlNanos, int maxPending) {
    this.ttlNanos = ttlNanos;
    this.maxPending = maxPending;
  }

  static String randomId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Registers {@code token} (the connection id itself for negotiate version 0) for a new connection
   * from {@code ip}; false (nothing registered) when {@code maxPending} tokens are already waiting.
   */
  boolean issue(String connectionId, String token, String ip, long nowNanos) {
    return issue(connectionId, token, ip, nowNanos, false);
  }

  /** As {@link #issue(String, String, String, long)}, remembering whether stateful reconnect was granted. */
  boolean issue(String connectionId, String token, String ip, long nowNanos, boolean stateful) {
    if (pendingCount.incrementAndGet() > maxPending) {
      pendingCount.decrementAndGet();
      return false;
    }
    pending.put(token, new Pending(connectionId, ip, nowNanos + ttlNanos, stateful));
    return true;
  }

  enum Claim { OK, UNKNOWN, IN_USE }

  /**
   * Claims {@code token} for a socket. The connection id and IP are returned through {@code out},
   * and, when it has a third slot, {@code "stateful"} if negotiate granted stateful reconnect.
   */
  Claim claim(String token, String[] out) {
    Pending p = pending.remove(token);
    if (p != null) {
      pendingCount.decrementAndGet();
      active.put(token, Boolean.TRUE);
      out[0] = p.connectionId();
      out[1] = p.ip();
      if (out.length > 2) out[2] = p.stateful() ? "stateful" : null;
      return Claim.OK;
    }
    return active.containsKey(token) ? Claim.IN_USE : Claim.UNKNOWN;
  }

  /** True when {@code token} was claimed by a connection that is still open. */
  boolean inUse(String token) {
    return active.containsKey(token);
  }

  void release(String token) {
    if (token != null) active.remove(token);
  }

  /** Drops expired tokens, handing each one's IP to {@code released}. */
  void expire(long nowNanos, Consumer<String> released) {
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      Pending p = e.getValue();
      if (nowNanos - p.expiresAtNanos() > 0 && pending.remove(e.getKey(), p)) {
        pendingCount.decrementAndGet();
        released.accept(p.ip());
      }
    }
  }

  int pendingCount() {
    return pendingCount.get();
  }
}
