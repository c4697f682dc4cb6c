package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.ClusterHost;
import io.hubscope.hub.cluster.ClusterUnavailableException;
import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.cluster.SharedMember;
import io.hubscope.hub.redis.Envelope.Kind;
import io.hubscope.hub.vm.VMException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves this server's members of shared view models to each key's next owner: when a lease changed
 * hands (looked up each renew interval, or all of them after Redis came back), and, once an owner
 * is found gone (nobody listens on its inbox), as soon as another server holds its lease: it looks
 * again every chase interval until then rather than at its next renewal round, so a dead owner's
 * view models move about when its lease expires. Joins that found the owner gone wait here and are
 * answered by the next owner. Loop only, but for {@link #ownerGone}.
 */
final class MemberMoves {

  /** Reads a key's lease from Redis, taking it when it is free. Blocks: loop only. */
  interface Leases {
    Lease acquireOrRead(SharedKey key) throws Exception;
  }

  private static final Logger log = LoggerFactory.getLogger(MemberMoves.class);

  private final String serverId;
  private final Map<SharedKey, Map<String, SharedMember>> standIns;
  private final Map<SharedKey, Lease> routes;
  private final Leases leases;
  private final ClusterChannels channels;
  private final PendingCalls pending;
  private final SerialLoop loop;
  private final Supplier<RedisLink> link;
  /** Joins that found their owner gone, by key: the pending call of each member, answered by the next owner. */
  private final Map<SharedKey, Map<String, Long>> waiting = new HashMap<>();
  /** Keys whose owner was found gone, with its lease: chased until another lease replaces it. Any thread. */
  private final Map<SharedKey, Lease> ownersGone = new ConcurrentHashMap<>();
  private ClusterHost host;

  MemberMoves(String serverId, Map<SharedKey, Map<String, SharedMember>> standIns, Map<SharedKey, Lease> routes,
      Leases leases, ClusterChannels channels, PendingCalls pending, SerialLoop loop, Supplier<RedisLink> link) {
    this.serverId = serverId;
    this.standIns = standIns;
    this.routes = routes;
    this.leases = leases;
    this.channels = channels;
    this.pending = pending;
    this.loop = loop;
    this.link = link;
  }

  void bind(ClusterHost host) {
    this.host = host;
  }

  /**
   * Looks up every key's owner again and moves the members to a new one (all of them when
   * {@code rejoinAll}: Redis came back and the owners may have lost them); owners that no longer
   * listen are chased from now on.
   */
  void follow(boolean rejoinAll) {
    Map<SharedKey, Lease> elsewhere = new HashMap<>();
    for (SharedKey key : List.copyOf(standIns.keySet())) {
      Map<String, SharedMember> members = standIns.get(key);
      if (members == null || members.isEmpty()) continue;
      Lease current;
      try {
        current = leases.acquireOrRead(key);
      } catch (Exception e) {
        continue;
      }
      moveTo(key, current, members, rejoinAll);
      if (!current.heldBy(serverId)) elsewhere.put(key, current);
    }
    findGoneOwners(elsewhere);
  }

  /** Whether an owner was found gone and no other took its place yet. */
  boolean chasing() {
    return !ownersGone.isEmpty();
  }

  /** Nobody listens on the inbox of {@code key}'s owner under {@code lease} (any thread). */
  void ownerGone(SharedKey key, Lease lease) {
    ownersGone.put(key, lease);
  }

  /** Looks up the leases of owners found gone; where another one holds it now, the members move there. */
  void chase() {
    for (Map.Entry<SharedKey, Lease> gone : List.copyOf(ownersGone.entrySet())) {
      SharedKey key = gone.getKey();
      Map<String, SharedMember> members = standIns.get(key);
      if (members == null || members.isEmpty()) {
        ownersGone.remove(key, gone.getValue());
        continue;
      }
      Lease current;
      try {
        current = leases.acquireOrRead(key);
      } catch (Exception e) {
        continue;
      }
      if (current.equals(gone.getValue())) continue; // not expired yet
      ownersGone.remove(key, gone.getValue());
      moveTo(key, current, members, false);
    }
  }

  /** A member's join found its owner gone: it joins the next owner, unless it has one already. */
  void awaitNextOwner(SharedMember member, long call, Lease gone) {
    SharedKey key = member.key();
    ownerGone(key, gone);
    Map<String, SharedMember> members = standIns.get(key);
    if (members == null || members.get(member.connectionId()) != member) {
      pending.fail(call, new ClusterUnavailableException("'" + key.vmId() + "' was left before it could be joined"));
      return;
    }
    Lease known = routes.get(key);
    if (known != null && !known.equals(gone)) {
      joinAt(known, member, call); // the members moved on while the JOIN was on its way
      return;
    }
    waiting.computeIfAbsent(key, k -> new HashMap<>()).put(member.connectionId(), call);
  }

  /** The member left (or its join failed): nothing waits for it any more. */
  void stopWaiting(SharedKey key, String connectionId) {
    Map<String, Long> calls = waiting.get(key);
    if (calls != null && calls.remove(connectionId) != null && calls.isEmpty()) waiting.remove(key);
  }

  private void moveTo(SharedKey key, Lease current, Map<String, SharedMember> members, boolean rejoinAll) {
    Lease known = routes.put(key, current);
    if (rejoinAll || !current.equals(known)) rejoin(key, current, members);
  }

  private void rejoin(SharedKey key, Lease lease, Map<String, SharedMember> members) {
    log.info("{} moves {} members of {} to {}", serverId, members.size(), key.vmId(), lease.serverId());
    Map<String, Long> waited = waiting.remove(key);
    for (SharedMember member : members.values()) {
      joinAt(lease, member, waited == null ? 0 : waited.getOrDefault(member.connectionId(), 0L));
    }
  }

  /** Joins {@code member} to the owner holding {@code lease}; a non-zero {@code call} is answered by it. */
  private void joinAt(Lease lease, SharedMember member, long call) {
    SharedKey key = member.key();
    if (lease.heldBy(serverId)) {
      try {
        host.hostJoin(member);
        if (call != 0) pending.complete(call, null, null);
      } catch (VMException e) {
        if (call != 0) pending.complete(call, e.exceptionType(), e.getMessage());
      } catch (RuntimeException e) {
        log.debug("{} rejoining {} failed", member.connectionId(), key.vmId(), e);
        if (call != 0) pending.complete(call, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
      }
      return;
    }
    Envelope join = Envelope.toOwner(Kind.JOIN, serverId, lease.value(), key, member.connection(), member.vmArg(),
        member.headers(), null, call);
    channels.publish(channels.inboxOf(lease.serverId()), join, received -> {
      if (received > 0) return;
      ownerGone(key, lease);
      if (call != 0 && !loop.offer(() -> awaitNextOwner(member, call, lease))) {
        pending.fail(call, RedisHubCluster.unavailable(key.vmId()));
      }
    }, () -> {
      if (call != 0) pending.fail(call, RedisHubCluster.unavailable(key.vmId()));
    });
  }

  /** Owners (of {@code elsewhere}'s keys) whose inbox nobody listens on any more are chased from now on. */
  private void findGoneOwners(Map<SharedKey, Lease> elsewhere) {
    RedisLink l = link.get();
    if (elsewhere.isEmpty() || l == null) return;
    Set<String> inboxes = new HashSet<>();
    for (Lease lease : elsewhere.values()) inboxes.add(channels.inboxOf(lease.serverId()));
    Map<String, Long> listening;
    try {
      listening = l.subscribers(inboxes.toArray(String[]::new));
    } catch (Exception e) {
      return;
    }
    elsewhere.forEach((key, lease) -> {
      Long count = listening.get(channels.inboxOf(lease.serverId()));
      if (count == null || count == 0) ownerGone(key, lease);
    });
  }
}
