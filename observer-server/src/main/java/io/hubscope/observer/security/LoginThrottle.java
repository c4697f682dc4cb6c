package io.hubscope.observer.security;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts failed logins per client IP and per username and says how long a client must wait once
 * either reached its limit within {@code window}. The username's limit is the higher one: anyone
 * can fail logins for a known name, and the real user should not be locked out by a few of them. The check is a map lookup, so a
 * throttled attempt costs no password hash. Both tables are capped at {@code maxTracked}: an
 * attacker spraying addresses or names evicts the oldest windows, never grows memory. Only the
 * configured usernames are tracked by name (unknown names cost no hash, and tracking them would let
 * a spray of invented names push the real one out).
 */
public final class LoginThrottle {

  private static final int MAX_KEY_CHARS = 64;

  private final int maxPerIp;
  private final int maxPerUser;
  private final long windowMillis;
  private final Set<String> knownUsernames;
  private final LongSupplier clock;
  private final FailureTable byIp;
  private final FailureTable byUsername;
  private final LongAdder failures = new LongAdder();
  private final LongAdder throttled = new LongAdder();

  public LoginThrottle(int maxPerIp, int maxPerUser, Duration window, int maxTracked,
      String knownUsername, LongSupplier clock) {
    this(maxPerIp, maxPerUser, window, maxTracked, List.of(knownUsername), clock);
  }

  /** {@code knownUsernames}: every configured login; only these are tracked by name. */
  public LoginThrottle(int maxPerIp, int maxPerUser, Duration window, int maxTracked,
      Collection<String> knownUsernames, LongSupplier clock) {
    if (maxPerIp < 1) throw new IllegalArgumentException("maxPerIp < 1: " + maxPerIp);
    if (maxPerUser < 1) throw new IllegalArgumentException("maxPerUser < 1: " + maxPerUser);
    if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window <= 0: " + window);
    if (maxTracked < 1) throw new IllegalArgumentException("maxTracked < 1: " + maxTracked);
    this.maxPerIp = maxPerIp;
    this.maxPerUser = maxPerUser;
    this.windowMillis = window.toMillis();
    this.knownUsernames = new HashSet<>();
    knownUsernames.forEach(name -> this.knownUsernames.add(normalize(name)));
    this.clock = clock;
    this.byIp = new FailureTable(maxTracked, maxPerIp);
    this.byUsername = new FailureTable(maxTracked, maxPerUser);
  }

  /** Seconds the client must wait before its next attempt; 0 when it may try now. */
  public long retryAfterSeconds(String ip, String username) {
    long now = clock.getAsLong();
    long wait = Math.max(byIp.blockedFor(key(ip), now), byUsername.blockedFor(userKey(username), now));
    if (wait <= 0) return 0;
    throttled.increment();
    return Math.max(1, (wait + 999) / 1000);
  }

  public void failed(String ip, String username) {
    failures.increment();
    long now = clock.getAsLong();
    byIp.fail(key(ip), now);
    String user = userKey(username);
    if (user != null) byUsername.fail(user, now);
  }

  /** A correct password clears both windows, so a user who mistyped is not left waiting. */
  public void succeeded(String ip, String username) {
    byIp.clear(key(ip));
    String user = userKey(username);
    if (user != null) byUsername.clear(user);
  }

  /** Attempts refused because their IP or username was throttled. */
  public long throttled() {
    return throttled.sum();
  }

  /** Failed password checks. */
  public long failures() {
    return failures.sum();
  }

  /** Entries in the IP and username tables together (for tests of the bound). */
  int tracked() {
    return byIp.size() + byUsername.size();
  }

  private String userKey(String username) {
    String user = normalize(username);
    return user != null && knownUsernames.contains(user) ? user : null;
  }

  private static String key(String ip) {
    return ip == null ? "unknown" : ip;
  }

  private static String normalize(String username) {
    if (username == null) return null;
    String s = username.length() > MAX_KEY_CHARS ? username.substring(0, MAX_KEY_CHARS) : username;
    return s.toLowerCase(Locale.ROOT);
  }

  private final class FailureTable {
    private final Map<String, long[]> windows; // {windowStart, failures}
    private final int maxFailures;

    FailureTable(int maxTracked, int maxFailures) {
      this.maxFailures = maxFailures;
      // Insertion order: a new window is re-inserted, so the eldest entry is the oldest window.
      this.windows = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
          return size() > maxTracked;
        }
      };
    }

    synchronized long blockedFor(String key, long now) {
      if (key == null) return 0;
      long[] w = windows.get(key);
      if (w == null || w[1] < maxFailures) return 0;
      long left = w[0] + windowMillis - now;
      if (left <= 0) windows.remove(key);
      return left;
    }

    synchronized void fail(String key, long now) {
      long[] w = windows.get(key);
      if (w == null || now - w[0] >= windowMillis) {
        windows.remove(key);
        windows.put(key, new long[] {now, 1});
      } else {
        w[1]++;
      }
    }

    synchronized void clear(String key) {
      windows.remove(key);
    }

    synchronized int size() {
      return windows.size();
    }
  }
}
