package io.hubscope.forward.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secrets an app server and its proxies share, newest first: the first signs, any of them
 * verifies, so a secret can be rotated without downtime. Nothing is ever signed with a secret
 * itself: each purpose gets its own key, derived as {@code HMAC-SHA256(secret, label)} (HKDF's
 * expand step with the label as info), so a token made for one purpose is never valid for another.
 */
public final class SharedSecrets {

  /** The label of the key that signs a proxy's link proofs. */
  public static final String PROXY_PROOF = "hubscope proxy proof v1";
  /** The label of the key that signs the negotiate redirect's access tokens. */
  public static final String REDIRECT_TOKEN = "hubscope redirect token v1";
  /** The label of the key that signs bearer tokens for an app server's REST data plane. */
  public static final String API_TOKEN = "hubscope api token v1";

  static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_LENGTH = 16;

  private final List<byte[]> secrets;

  private SharedSecrets(List<byte[]> secrets) {
    this.secrets = secrets;
  }

  /** One secret, nothing to rotate from. */
  public static SharedSecrets of(String current) {
    return of(current, List.of());
  }

  /**
   * @param current signs and verifies
   * @param previous also verify (blank entries are ignored): the secrets being rotated out, or, on
   *     a proxy during a rotation, the app servers' new one
   */
  public static SharedSecrets of(String current, Collection<String> previous) {
    List<byte[]> all = new ArrayList<>();
    all.add(checked(current));
    if (previous != null) {
      for (String s : previous) {
        if (s != null && !s.isBlank()) all.add(checked(s));
      }
    }
    return new SharedSecrets(List.copyOf(all));
  }

  /** The key for {@code label} derived from each secret, the signing one first. */
  List<SecretKeySpec> keys(String label) {
    List<SecretKeySpec> keys = new ArrayList<>(secrets.size());
    for (byte[] secret : secrets) {
      keys.add(new SecretKeySpec(hmac(new SecretKeySpec(secret, ALGORITHM),
          label.getBytes(StandardCharsets.UTF_8)), ALGORITHM));
    }
    return List.copyOf(keys);
  }

  /** How many secrets verify (the signing one included). */
  public int size() {
    return secrets.size();
  }

  static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static byte[] checked(String secret) {
    if (secret == null || secret.length() < MIN_LENGTH) {
      throw new IllegalArgumentException("secret must have at least " + MIN_LENGTH
          + " characters: a short secret is guessable");
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }
}
