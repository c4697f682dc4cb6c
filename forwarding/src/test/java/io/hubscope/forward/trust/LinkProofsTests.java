package io.hubscope.forward.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.forward.redirect.AccessTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkProofsTests {

  static final String OLD = "the-old-shared-secret-0123456789";
  static final String NEW = "the-new-shared-secret-9876543210";

  final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final LinkProofs proofs = new LinkProofs(SharedSecrets.of(NEW), clock, 100);

  @Test
  void aProof_provesItsNodeIdOnce() {
    String proof = proofs.issue("proxy-1-abc");

    assertThat(proofs.check(proof)).as("checking does not use it up").isEqualTo(new LinkProofs.Verdict("proxy-1-abc", null));
    assertThat(proofs.redeem(proof)).isEqualTo(new LinkProofs.Verdict("proxy-1-abc", null));
    assertThat(proofs.redeem(proof).refusal()).as("replayed").isEqualTo(LinkProofs.Refusal.REPLAYED);
    assertThat(proofs.check(proof).refusal()).isEqualTo(LinkProofs.Refusal.REPLAYED);
  }

  @Test
  void aProof_expiresAfterItsTtl() {
    String proof = proofs.issue("proxy-1-abc");
    clock.advance(LinkProofs.TTL.plusSeconds(1));

    assertThat(proofs.redeem(proof).refusal()).isEqualTo(LinkProofs.Refusal.EXPIRED);
  }

  @Test
  void aProofClaimingMoreThanAMinute_isRefused() {
    // Signed with the right key (as someone holding the secret could), but living too long.
    String longLived = new SignedTokens(SharedSecrets.of(NEW), SharedSecrets.PROXY_PROOF, clock)
        .issue("proxy-1-abc", LinkProofs.MAX_TTL.plusSeconds(5));

    assertThat(proofs.redeem(longLived).refusal()).isEqualTo(LinkProofs.Refusal.INVALID);
  }

  @Test
  void aRedirectToken_isNeverAProof_andAProofNeverARedirectToken() {
    AccessTokens redirects = new AccessTokens(SharedSecrets.of(NEW), clock);
    String token = redirects.issue("proxy-1-abc", Duration.ofSeconds(30));

    assertThat(proofs.redeem(token).refusal()).isEqualTo(LinkProofs.Refusal.INVALID);
    assertThat(redirects.verify(proofs.issue("proxy-1-abc"), "proxy-1-abc")).isFalse();
  }

  @Test
  void tamperedOrForeign_isInvalid() {
    String proof = proofs.issue("proxy-1-abc");
    String other = new LinkProofs(SharedSecrets.of("some-other-secret-entirely"), clock, 10).issue("proxy-1-abc");

    assertThat(proofs.redeem(other).refusal()).isEqualTo(LinkProofs.Refusal.INVALID);
    assertThat(proofs.redeem(proof.substring(0, proof.length() - 2) + "AA").refusal()).isEqualTo(LinkProofs.Refusal.INVALID);
    assertThat(proofs.redeem("garbage").refusal()).isEqualTo(LinkProofs.Refusal.INVALID);
    assertThat(proofs.redeem(".").refusal()).isEqualTo(LinkProofs.Refusal.INVALID);
  }

  @Test
  void rotation_signsWithTheFirstSecret_andAcceptsAnyListed() {
    LinkProofs appDuringRotation = new LinkProofs(SharedSecrets.of(NEW, List.of(OLD)), clock, 100);
    LinkProofs newProxy = new LinkProofs(SharedSecrets.of(NEW), clock, 100);
    LinkProofs oldProxy = new LinkProofs(SharedSecrets.of(OLD), clock, 100);

    assertThat(appDuringRotation.redeem(newProxy.issue("p-new")).nodeId()).isEqualTo("p-new");
    assertThat(appDuringRotation.redeem(oldProxy.issue("p-old")).nodeId()).isEqualTo("p-old");
    assertThat(proofs.redeem(oldProxy.issue("p-old")).refusal()).as("after the rotation").isEqualTo(LinkProofs.Refusal.INVALID);
    assertThat(newProxy.redeem(appDuringRotation.issue("p")).valid()).as("the first secret signs").isTrue();
  }

  @Test
  void replayCache_refusesWhenFull_andForgetsExpiredProofs() {
    LinkProofs small = new LinkProofs(SharedSecrets.of(NEW), clock, 2);
    assertThat(small.redeem(small.issue("a")).valid()).isTrue();
    assertThat(small.redeem(small.issue("b")).valid()).isTrue();

    assertThat(small.redeem(small.issue("c")).refusal()).isEqualTo(LinkProofs.Refusal.BUSY);

    clock.advance(LinkProofs.TTL.plusSeconds(1));
    assertThat(small.redeem(small.issue("d")).valid()).as("expired entries make room").isTrue();
  }

  @Test
  void shortSecrets_areRefused() {
    assertThatThrownBy(() -> SharedSecrets.of("short")).hasMessageContaining("at least 16 characters");
    assertThatThrownBy(() -> SharedSecrets.of(NEW, List.of("short"))).hasMessageContaining("at least 16 characters");
    assertThat(SharedSecrets.of(NEW, List.of("", " ")).size()).as("blanks are no secrets").isEqualTo(1);
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }
}
