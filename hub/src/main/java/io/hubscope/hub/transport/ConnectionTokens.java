package io.hubscope.hub.transport;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Connection tokens handed out by negotiate, waiting for their WebSocket. A token is used once;
 * unused tokens expire so a client that negotiates and never connects leaks nothing.
 */
final class ConnectionTokens {

  /** A negotiated connection waiting for its socket. */
  record Pending(String connectionId, long expiresAtNanos) {}

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
  private final long ttlNanos;

  ConnectionTokens(long ttlNanos) {
    this.ttlNanos = ttlNanos;
  }

  static String randomId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Registers {@code token} (the connection id itself for negotiate version 0) for a new connection. */
  void issue(String connectionId, String token, long nowNanos) {
    pending.put(token, new Pending(connectionId, nowNanos + ttlNanos));
  }

  enum Claim { OK, UNKNOWN, IN_USE }

  /** Claims {@code token} for a socket. The connection id is returned through {@code out}. */
  Claim claim(String token, String[] out) {
    Pending p = pending.remove(token);
    if (p != null) {
      active.put(token, Boolean.TRUE);
      out[0] = p.connectionId();
      return Claim.OK;
    }
    return active.containsKey(token) ? Claim.IN_USE : Claim.UNKNOWN;
  }

  void release(String token) {
    if (token != null) active.remove(token);
  }

  void expire(long nowNanos) {
    pending.values().removeIf(p -> nowNanos - p.expiresAtNanos() > 0);
  }

  int pendingCount() {
    return pending.size();
  }
}
