package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.ClusterUnavailableException;
import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.redis.ClusterMetrics.Operation;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Confirms an update the owner ran before its sender hears OK. The owner delivers to its own
 * members at once and publishes to the other servers; then it reads its lease on the same Redis
 * connection. Redis answers commands of one connection in order, so when that read comes back with
 * the lease still the owner's and no publish failed meanwhile, every push of the update was carried
 * under that lease. Otherwise the sender gets an error: Redis refused or lost a push, or another
 * server owns the view model now (a restarted Redis forgets leases, and the owner would act on its
 * own for up to 80% of the ttl); then the owner steps down at once. See RATIONALE.md, "What happens
 * when Redis restarts or the network pauses?".
 */
final class Confirmations {

  /** Ends this server's ownership of a key whose lease a confirmation found gone (loop only). */
  interface LeaseLost {
    void lost(SharedKey key, Lease lease, String why);
  }

  private final ClusterChannels channels;
  private final OwnedLeases owned;
  private final Supplier<RedisLink> link;
  private final SerialLoop loop;
  private final ClusterMetrics metrics;
  private final LeaseLost leaseLost;

  Confirmations(ClusterChannels channels, OwnedLeases owned, Supplier<RedisLink> link, SerialLoop loop,
      ClusterMetrics metrics, LeaseLost leaseLost) {
    this.channels = channels;
    this.owned = owned;
    this.link = link;
    this.loop = loop;
    this.metrics = metrics;
    this.leaseLost = leaseLost;
  }

  /** Taken before the update runs: a publish failing after it fails the update's confirmation. */
  long mark() {
    return channels.failures();
  }

  /**
   * Calls {@code then} on the cluster loop with null once the update of {@code key} under
   * {@code lease}, begun at {@code mark}, is confirmed, or with the error its sender gets.
   */
  void confirm(SharedKey key, Lease lease, long mark, Consumer<ClusterUnavailableException> then) {
    RedisLink l = link.get();
    if (l == null) {
      fail(then, RedisHubCluster.unavailable(key.vmId()));
      return;
    }
    l.leaseOf(key).whenComplete((held, error) -> {
      // Read here, in Redis's order: the update's publishes were answered just before.
      long failures = channels.failures();
      boolean queued = loop.offer(() -> {
        if (error != null) {
          fail(then, RedisHubCluster.unavailable(key.vmId()));
        } else if (!lease.value().equals(held)) {
          // Unless it owns the key under a newer lease by now, taken since this update ran.
          if (lease.equals(owned.held(key))) leaseLost.lost(key, lease, "its lease is no longer in Redis, or another server's");
          fail(then, new ClusterUnavailableException("'" + key.vmId() + "' moved to another server while this"
              + " message was sent, so it may not have reached every member; try again"));
        } else if (failures != mark) {
          fail(then, new ClusterUnavailableException("This message to '" + key.vmId()
              + "' did not reach every server (Redis refused or lost it); try again"));
        } else {
          then.accept(null);
        }
      });
      if (!queued) fail(then, new ClusterUnavailableException("The cluster is overloaded; '" + key.vmId()
          + "' may not have reached every member"));
    });
  }

  private void fail(Consumer<ClusterUnavailableException> then, ClusterUnavailableException error) {
    metrics.failed(Operation.UPDATE);
    then.accept(error);
  }
}
