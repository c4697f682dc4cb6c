package io.hubscope.forward.redirect;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens signed with a secret the app server and its proxies share (HMAC-SHA256). The
 * app server issues one with each negotiate redirect; the proxy accepts a client only with a valid,
 * unexpired token meant for it. Format: {@code base64url("v1|audience|expiresEpochSeconds|nonce")}
 * + {@code "."} + {@code base64url(hmac)}.
 */
public final class AccessTokens {

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Clock clock;
  private final SecureRandom random = seededRandom();

  public AccessTokens(String secret) {
    this(secret, Clock.systemUTC());
  }

  public AccessTokens(String secret, Clock clock) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("secret must have at least 16 characters: a short secret is guessable");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.clock = clock;
  }

  /** A token for {@code audience} (a proxy's node name) that expires after {@code ttl}. */
  public String issue(String audience, Duration ttl) {
    long expires = clock.instant().plus(ttl).getEpochSecond();
    byte[] nonce = new byte[9];
    random.nextBytes(nonce);
    String payload = "v1|" + audience + "|" + expires + "|" + ENCODER.encodeToString(nonce);
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(sign(bytes));
  }

  /** True when {@code token} was signed with this secret, is meant for {@code audience} and has not expired. */
  public boolean verify(String token, String audience) {
    if (token == null) return false;
    int dot = token.indexOf('.');
    if (dot <= 0 || dot == token.length() - 1) return false;
    byte[] payload;
    byte[] signature;
    try {
      payload = DECODER.decode(token.substring(0, dot));
      signature = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (!MessageDigest.isEqual(sign(payload), signature)) return false;
    String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
    if (parts.length != 4 || !parts[0].equals("v1") || !parts[1].equals(audience)) return false;
    try {
      return Long.parseLong(parts[2]) >= clock.instant().getEpochSecond();
    } catch (NumberFormatException e) {
      return false;
    }
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

  private byte[] sign(byte[] payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
