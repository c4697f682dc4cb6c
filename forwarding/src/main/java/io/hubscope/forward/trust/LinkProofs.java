package io.hubscope.forward.trust;

import io.hubscope.forward.envelope.LinkProof;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The proof a proxy's pooled connection presents (header {@link LinkProof#HEADER}) on every connect:
 * a token signed with the proxy-proof key, naming the proxy's node id, valid for
 * {@link #TTL} and good for one connection. The proxy makes a fresh one per connect; the app
 * server {@linkplain #redeem redeems} it, binding the connection to that node id.
 */
public final class LinkProofs {

  /** How long a proof the proxy issues stays valid: long enough for a connect, short enough to cap the replay cache. */
  public static final Duration TTL = Duration.ofSeconds(30);
  /** A proof claiming to live longer than this is refused (a clock far ahead, or a stolen key's forgery). */
  public static final Duration MAX_TTL = Duration.ofSeconds(60);
  /** Proofs remembered at once by default: far above any real number of connects per minute. */
  public static final int DEFAULT_REPLAY_CAPACITY = 10_000;

  /** Why a proof was refused: low-cardinality, a metric tag. */
  public enum Refusal {
    /** Not signed with any configured secret's proof key, malformed, or a token for another purpose. */
    INVALID("invalid"),
    EXPIRED("expired"),
    REPLAYED("replayed"),
    /** The replay cache is full of unexpired proofs. */
    BUSY("busy");

    private final String tag;

    Refusal(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  /** The outcome of checking a proof: the proven node id, or why not. */
  public record Verdict(String nodeId, Refusal refusal) {
    public boolean valid() {
      return refusal == null;
    }
  }

  private final SignedTokens tokens;
  private final SignedTokens anyAge;
  private final ReplayCache replays;

  public LinkProofs(SharedSecrets secrets) {
    this(secrets, Clock.systemUTC(), DEFAULT_REPLAY_CAPACITY);
  }

  public LinkProofs(SharedSecrets secrets, Clock clock, int replayCapacity) {
    this.tokens = new SignedTokens(secrets, SharedSecrets.PROXY_PROOF, clock);
    // Same key, a clock at the epoch: tells an expired proof from a forged one, for the error.
    this.anyAge = new SignedTokens(secrets, SharedSecrets.PROXY_PROOF, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    this.replays = new ReplayCache(replayCapacity);
  }

  /** A fresh proof for {@code nodeId}, for one connect. */
  public String issue(String nodeId) {
    return tokens.issue(nodeId, TTL);
  }

  /** Checks {@code proof} without using it up (for a negotiate, which the WebSocket connect follows). */
  public Verdict check(String proof) {
    return verdict(proof, false);
  }

  /** Checks {@code proof} and uses it up: the same proof is refused from now on. */
  public Verdict redeem(String proof) {
    return verdict(proof, true);
  }

  private Verdict verdict(String proof, boolean use) {
    SignedTokens.Claims claims = tokens.verify(proof);
    if (claims == null) {
      return new Verdict(null, anyAge.verify(proof) != null ? Refusal.EXPIRED : Refusal.INVALID);
    }
    long now = tokens.clock().instant().getEpochSecond();
    if (claims.expiresEpochSecond() > now + MAX_TTL.toSeconds() || claims.subject().isEmpty()) {
      return new Verdict(null, Refusal.INVALID);
    }
    if (!use) {
      return replays.contains(claims.nonce()) ? new Verdict(null, Refusal.REPLAYED) : new Verdict(claims.subject(), null);
    }
    return switch (replays.use(claims.nonce(), claims.expiresEpochSecond(), now)) {
      case FIRST_USE -> new Verdict(claims.subject(), null);
      case REPLAYED -> new Verdict(null, Refusal.REPLAYED);
      case FULL -> new Verdict(null, Refusal.BUSY);
    };
  }
}
