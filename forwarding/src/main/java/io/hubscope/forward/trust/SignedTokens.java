package io.hubscope.forward.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens signed with one purpose's key (see {@link SharedSecrets}): issued with the
 * first key, verified against all. Format: {@code base64url("v1|subject|expiresEpochSeconds|nonce")}
 * + {@code "."} + {@code base64url(HMAC-SHA256)}. Only computes: safe on an event loop.
 */
public final class SignedTokens {

  /** What a valid token says. */
  public record Claims(String subject, long expiresEpochSecond, String nonce) {}

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final List<SecretKeySpec> keys;
  private final Clock clock;
  private final SecureRandom random = seededRandom();

  public SignedTokens(SharedSecrets secrets, String label, Clock clock) {
    this.keys = secrets.keys(label);
    this.clock = clock;
  }

  /** A token about {@code subject} that expires after {@code ttl}. */
  public String issue(String subject, Duration ttl) {
    if (subject.indexOf('|') >= 0) throw new IllegalArgumentException("subject must not contain '|': " + subject);
    long expires = clock.instant().plus(ttl).getEpochSecond();
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    String payload = "v1|" + subject + "|" + expires + "|" + ENCODER.encodeToString(nonce);
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(SharedSecrets.hmac(keys.get(0), bytes));
  }

  /** The claims of {@code token} when one of the keys signed it and it has not expired; else null. */
  public Claims verify(String token) {
    if (token == null) return null;
    int dot = token.indexOf('.');
    if (dot <= 0 || dot == token.length() - 1) return null;
    byte[] payload;
    byte[] signature;
    try {
      payload = DECODER.decode(token.substring(0, dot));
      signature = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!signedByAny(payload, signature)) return null;
    String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
    if (parts.length != 4 || !parts[0].equals("v1")) return null;
    long expires;
    try {
      expires = Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      return null;
    }
    if (expires < clock.instant().getEpochSecond()) return null;
    return new Claims(parts[1], expires, parts[3]);
  }

  Clock clock() {
    return clock;
  }

  private boolean signedByAny(byte[] payload, byte[] signature) {
    boolean any = false;
    // Every key is tried, so the time taken does not tell which one matched.
    for (SecretKeySpec key : keys) any |= MessageDigest.isEqual(SharedSecrets.hmac(key, payload), signature);
    return any;
  }

  /**
   * A DRBG seeded now: the default generator reads /dev/urandom on every call, which is file I/O
   * on the event loop that answers negotiate; a seeded DRBG only computes.
   */
  private static SecureRandom seededRandom() {
    SecureRandom random;
    try {
      random = SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      random = new SecureRandom();
    }
    random.nextBytes(new byte[1]);
    return random;
  }
}
