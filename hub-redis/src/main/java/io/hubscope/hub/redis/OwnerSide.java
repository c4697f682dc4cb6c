package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.ClusterHost;
import io.hubscope.hub.cluster.ClusterUnavailableException;
import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.cluster.SharedMember;
import io.hubscope.hub.redis.ClusterMetrics.Operation;
import io.hubscope.hub.redis.Envelope.Kind;
import io.hubscope.hub.vm.VMException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this server does as the owner of shared view models for their members on other servers:
 * runs their calls on the real view model and answers them, sends responses and group pushes to
 * their servers (only while its lease is valid), and drops the members of servers that stopped
 * listening. Responses go out from any thread; calls and evictions run on the cluster loop.
 */
final class OwnerSide {

  private static final Logger log = LoggerFactory.getLogger(OwnerSide.class);

  private final String serverId;
  private final OwnedLeases owned;
  private final ClusterChannels channels;
  private final Confirmations confirmations;
  private final ClusterMetrics metrics;
  private final SerialLoop loop;
  /** Releases a key's lease when no member is left, here or elsewhere. */
  private final Consumer<SharedKey> releaseIfUnused;
  private final RemoteMembers remote = new RemoteMembers();
  private ClusterHost host;

  OwnerSide(String serverId, OwnedLeases owned, ClusterChannels channels, Confirmations confirmations,
      ClusterMetrics metrics, SerialLoop loop, Consumer<SharedKey> releaseIfUnused) {
    this.serverId = serverId;
    this.owned = owned;
    this.channels = channels;
    this.confirmations = confirmations;
    this.metrics = metrics;
    this.loop = loop;
    this.releaseIfUnused = releaseIfUnused;
  }

  void bind(ClusterHost host) {
    this.host = host;
  }

  boolean isRemote(String connectionId) {
    return remote.contains(connectionId);
  }

  boolean hasMembers(SharedKey key) {
    return remote.hasMembers(key);
  }

  /** This server no longer owns {@code key}: its remote members are the next owner's. */
  void forget(SharedKey key) {
    remote.forget(key);
  }

  void respond(String connectionId, String vmId, String vmData) {
    RemoteMembers.Member member = remote.get(connectionId);
    SharedKey key = member == null ? null : remote.keyOf(member, vmId);
    if (key != null) sendToMember(Kind.RESPOND, member.server(), key, connectionId, vmData);
  }

  void addToGroup(String connectionId, String group) {
    RemoteMembers.Member member = remote.get(connectionId);
    SharedKey key = member == null ? null : remote.keyInGroup(member, group);
    if (key != null) sendToMember(Kind.ADD, member.server(), key, connectionId, null);
  }

  void removeFromGroup(String connectionId, String group) {
    RemoteMembers.Member member = remote.get(connectionId);
    SharedKey key = member == null ? null : remote.keyInGroup(member, group);
    if (key != null) sendToMember(Kind.REMOVE, member.server(), key, connectionId, null);
  }

  void groupPush(String group, String vmId, String vmData, Collection<String> excluded) {
    SharedKey key = new SharedKey(vmId, group);
    // Not clustered here (a sub view model), or no member elsewhere: the local delivery was all.
    if (!owned.holds(key) || !remote.hasMembers(key)) return;
    Lease lease = owned.valid(key);
    if (lease == null) {
      metrics.stale();
      return;
    }
    channels.publish(channels.groups(), Envelope.vmGroup(serverId, lease.value(), key, vmData, List.copyOf(excluded)));
  }

  /** A member's JOIN or UPDATE from another server (loop only). */
  void call(Envelope e) {
    SharedKey key = e.key();
    Lease lease = owned.valid(key);
    if (lease == null || !lease.value().equals(e.lease())) {
      metrics.stale();
      reply(e, ClusterUnavailableException.EXCEPTION_TYPE,
          "'" + key.vmId() + "' is moving to another server; try again");
      return;
    }
    SharedMember member = new SharedMember(key, e.connection(), e.vmArg(), e.headers(), null);
    RemoteMembers.Member before = remote.get(e.connectionId());
    boolean known = before != null && before.keys().contains(key);
    boolean movedHere = known && !before.server().equals(e.server());
    remote.add(e.connectionId(), e.server(), key);
    try {
      if (e.kind() == Kind.JOIN) {
        host.hostJoin(member);
        // A proxy moved the client from one other server to another (its first one died): the view
        // model still has it as a member, so the join only resends its state and adds it to no
        // group; its new server must hear that it is in the room, or it gets no group pushes there.
        if (movedHere) sendToMember(Kind.ADD, e.server(), key, e.connectionId(), null);
        reply(e, null, null);
      } else {
        long mark = confirmations.mark();
        host.hostUpdate(member, e.data());
        // OK only once Redis carried what the update pushed to the other servers, under this lease.
        confirmations.confirm(key, lease, mark, error -> reply(e,
            error == null ? null : ClusterUnavailableException.EXCEPTION_TYPE, error == null ? null : error.getMessage()));
      }
    } catch (RuntimeException failure) {
      // A failed first join left the view model (it released the member): forget it here too.
      if (!known && e.kind() == Kind.JOIN) remote.remove(e.connectionId(), key);
      VMException error = failure instanceof VMException vm ? vm
          : new VMException(failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()), failure);
      reply(e, error.exceptionType(), error.getMessage());
    }
  }

  /**
   * {@code connectionId} calls from this server now: a proxy moved its client here off another
   * server (one that died, or that it stopped using). What this owner holds for it there is stale:
   * its responses and group pushes are delivered here from now on, and evicting that server, or a
   * late leave from it, must not take it out of its view models. Loop only.
   */
  void arrived(String connectionId) {
    RemoteMembers.Member member = remote.get(connectionId);
    if (member == null) return;
    for (SharedKey key : List.copyOf(member.keys())) {
      remote.remove(connectionId, key);
      host.addToGroupHere(connectionId, key.group());
    }
  }

  /** A member on another server left (loop only); a leave from a server it has moved away from changes nothing. */
  void leave(Envelope e) {
    SharedKey key = e.key();
    if (!owned.holds(key)) return;
    RemoteMembers.Member member = remote.get(e.connectionId());
    if (member == null || !member.server().equals(e.server())) return;
    host.hostLeave(key, e.connectionId());
    remote.remove(e.connectionId(), key);
    releaseIfUnused.accept(key);
  }

  /** Drops the members of servers nobody listens for any more (blocking: loop only). */
  void evictGoneServers(RedisLink link) {
    if (remote.isEmpty()) return;
    List<String> servers = List.copyOf(remote.servers());
    try {
      Map<String, Long> listening = link.subscribers(servers.stream().map(channels::inboxOf).toArray(String[]::new));
      for (String server : servers) {
        Long count = listening.get(channels.inboxOf(server));
        if (count == null || count == 0) evict(server);
      }
    } catch (Exception e) {
      metrics.failed(Operation.PUBLISH);
    }
  }

  private void sendToMember(Kind kind, String server, SharedKey key, String connectionId, String vmData) {
    Lease lease = owned.valid(key);
    if (lease == null) {
      metrics.stale();
      return;
    }
    channels.publish(channels.inboxOf(server), Envelope.toMember(kind, serverId, lease.value(), key, connectionId,
        vmData), received -> {
          if (received == 0) loop.offer(() -> evict(server));
        }, () -> {});
  }

  private void reply(Envelope e, String errorType, String errorMessage) {
    if (e.call() == 0) return;
    channels.publish(channels.inboxOf(e.server()), Envelope.result(serverId, e.call(), errorType, errorMessage));
  }

  /** Another server stopped listening: its members leave the view models owned here. */
  private void evict(String server) {
    List<Map.Entry<String, RemoteMembers.Member>> gone = remote.of(server);
    if (gone.isEmpty()) return;
    log.warn("{} drops {} members of server {}, which no longer listens", serverId, gone.size(), server);
    for (Map.Entry<String, RemoteMembers.Member> entry : gone) {
      for (SharedKey key : List.copyOf(entry.getValue().keys())) {
        remote.remove(entry.getKey(), key);
        host.hostLeave(key, entry.getKey());
        releaseIfUnused.accept(key);
      }
    }
    metrics.evicted(gone.size());
  }
}
