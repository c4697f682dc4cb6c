package io.hubscope.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hubscope.hub.cluster.ClusterUnavailableException;
import io.hubscope.hub.cluster.SharedKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How an owner's update is confirmed against its lease in Redis (the local Redis, a key prefix of
 * the test's own), and when a failed confirmation makes the owner step down.
 */
class ConfirmationsIT {

  static final SharedKey KEY = new SharedKey("Chat", "$vm:Chat");

  final List<String> stepDowns = new CopyOnWriteArrayList<>();
  final AtomicReference<Object> outcome = new AtomicReference<>();
  RedisClusterOptions options;
  RedisLink link;
  SerialLoop loop;
  ClusterChannels channels;
  OwnedLeases owned;
  Confirmations confirmations;

  @BeforeEach
  void start() {
    options = ClusterFixtures.options(SharedViewModelsIT.REDIS, ClusterFixtures.prefix(), "a").build();
    channels = new ClusterChannels(options, ClusterMetrics.NOOP, () -> link);
    link = new RedisLink(options, (channel, message) -> {}, channels.inboxOf("a"));
    loop = new SerialLoop("confirmations-test", 100);
    owned = new OwnedLeases(options.leaseTtl(), ClusterMetrics.NOOP);
    confirmations = new Confirmations(channels, owned, () -> link, loop, ClusterMetrics.NOOP,
        (key, lease, why) -> stepDowns.add(why)); // called on the loop only
  }

  @AfterEach
  void stop() {
    if (loop != null) loop.close();
    if (link != null) link.close();
  }

  @Test
  void leaseStillTheOwners_confirmed() throws Exception {
    Lease lease = take("current");

    confirm(lease, confirmations.mark());

    assertThat(outcome.get()).isEqualTo("confirmed");
    assertThat(stepDowns).isEmpty();
  }

  @Test
  void leaseGoneFromRedis_failsAndTheOwnerStepsDown() throws Exception {
    Lease lost = new Lease(1, "lost", "a");
    owned.took(KEY, lost); // held here, but Redis (restarted) has no lease any more

    confirm(lost, confirmations.mark());

    assertThat(outcome.get()).isInstanceOf(ClusterUnavailableException.class);
    assertThat(((Exception) outcome.get()).getMessage()).contains("moved to another server");
    assertThat(stepDowns).hasSize(1);
  }

  @Test
  void confirmationOfAnOlderLease_failsButLeavesTheNewerOwnership() throws Exception {
    // An update ran under a lease that Redis lost (it restarted); before the update's confirmation
    // came back, the owner took the key again under a new lease. The failure is the update's only.
    Lease older = new Lease(1, "older", "a");
    take("newer");

    confirm(older, confirmations.mark());

    assertThat(outcome.get()).isInstanceOf(ClusterUnavailableException.class);
    assertThat(stepDowns).as("the owner keeps its newer lease").isEmpty();
  }

  @Test
  void publishFailedBeforeTheConfirmation_fails() throws Exception {
    Lease lease = take("current");
    long mark = confirmations.mark();
    // Refused before it reaches Redis (too large): as a push Redis failed.
    channels.publish("anywhere", Envelope.result("a", 1, null, "x".repeat(options.maxEnvelopeSize())));

    confirm(lease, mark);

    assertThat(outcome.get()).isInstanceOf(ClusterUnavailableException.class);
    assertThat(((Exception) outcome.get()).getMessage()).contains("did not reach every server");
    assertThat(stepDowns).isEmpty();
  }

  /** Takes the key's lease in Redis, as this server ("a") would, and holds it. */
  private Lease take(String token) throws Exception {
    Lease lease = link.acquireOrRead(KEY, token + ":a", Duration.ofSeconds(30));
    assertThat(lease.token()).isEqualTo(token);
    owned.took(KEY, lease);
    return lease;
  }

  private void confirm(Lease lease, long mark) {
    confirmations.confirm(KEY, lease, mark, error -> outcome.set(error == null ? "confirmed" : error));
    await().atMost(Duration.ofSeconds(5)).until(() -> outcome.get() != null);
  }
}
