package io.hubscope.observer.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Username and password pairs that passed the password check recently, so that a script or a
 * Prometheus scrape sending HTTP basic on every request pays bcrypt once per {@code ttl} rather
 * than on every request (as Elasticsearch's authentication cache does). An entry is keyed by an
 * HMAC-SHA256 of the pair under a key drawn at startup and held only in memory: neither the
 * password nor a plain hash of it is kept, and a dump of the heap gives nothing to try offline
 * without that key. At most {@code maxEntries} are kept, the oldest verification first out.
 */
final class VerifiedCredentials {

  static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  static final int DEFAULT_MAX_ENTRIES = 256;

  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec secret;
  private final Duration ttl;
  private final Clock clock;
  private final Map<Key, Verified> entries;

  VerifiedCredentials(Duration ttl, int maxEntries, Clock clock) {
    if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl <= 0: " + ttl);
    if (maxEntries < 1) throw new IllegalArgumentException("maxEntries < 1: " + maxEntries);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.secret = new SecretKeySpec(random, HMAC);
    Arrays.fill(random, (byte) 0);
    this.ttl = ttl;
    this.clock = clock;
    // Insertion order, and a re-verified pair is re-inserted: the eldest is the oldest verification.
    this.entries = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Verified> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The HMAC of the pair; the username's length comes first, so no two pairs share an input. */
  Key keyOf(String username, String password) {
    byte[] name = username.getBytes(StandardCharsets.UTF_8);
    byte[] pass = password.getBytes(StandardCharsets.UTF_8);
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(secret);
      mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(name.length).array());
      mac.update(name);
      mac.update(pass);
      return new Key(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(HMAC + " is part of every JDK", e);
    } finally {
      Arrays.fill(pass, (byte) 0);
    }
  }

  /** The verification of this pair if it is younger than the ttl, else null. */
  synchronized Verified fresh(Key key) {
    Verified v = entries.get(key);
    if (v == null) return null;
    long age = clock.millis() - v.verifiedAtMillis();
    // A clock set back makes the age negative: treat that as expired rather than as young.
    if (age >= 0 && age < ttl.toMillis()) return v;
    entries.remove(key);
    return null;
  }

  synchronized void remember(Key key, UserDetails user) {
    entries.remove(key);
    entries.put(key, new Verified(user.getUsername(), user.getPassword(), Set.copyOf(user.getAuthorities()),
        clock.millis()));
  }

  synchronized void forget(Key key) {
    entries.remove(key);
  }

  /** Entries held (for tests of the bound). */
  synchronized int size() {
    return entries.size();
  }

  /** 32 bytes of HMAC; compared by content. */
  static final class Key {
    private final byte[] mac;

    private Key(byte[] mac) {
      this.mac = mac;
    }

    byte[] bytes() {
      return mac.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(mac, k.mac);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(mac);
    }
  }

  /**
   * What the password was checked against: the stored hash (not the presented password) and the
   * user's authorities then. A later request is answered without bcrypt only while the stored user
   * is still this one.
   */
  record Verified(String username, String passwordHash, Set<GrantedAuthority> authorities,
      long verifiedAtMillis) {

    /** The stored user is the one verified and may still log in (what the full check requires). */
    boolean stillDescribes(UserDetails user) {
      return user.getUsername().equals(username) && user.getPassword() != null
          && user.getPassword().equals(passwordHash) && sameAuthorities(user.getAuthorities())
          && user.isEnabled() && user.isAccountNonLocked() && user.isAccountNonExpired()
          && user.isCredentialsNonExpired();
    }

    private boolean sameAuthorities(Collection<? extends GrantedAuthority> current) {
      return authorities.equals(Set.copyOf(current));
    }

    @Override
    public String toString() {
      return "Verified[username=" + username + ", authorities=" + authorities + ", verifiedAtMillis="
          + verifiedAtMillis + ", passwordHash=****]";
    }
  }
}
