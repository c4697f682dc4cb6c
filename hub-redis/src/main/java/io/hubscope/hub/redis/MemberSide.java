package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.ClusterHost;
import io.hubscope.hub.cluster.ClusterUnavailableException;
import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.cluster.SharedMember;
import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.redis.ClusterMetrics.Operation;
import io.hubscope.hub.redis.Envelope.Kind;
import io.hubscope.hub.vm.VMException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * What this server does for its own connections' members of shared view models: keeps a stand-in
 * per member, knows each key's owner (the lease it last saw), runs a call here when it owns the key
 * and sends it to the owner's inbox otherwise; {@link MemberMoves} moves its members to a new owner.
 * Its state changes on the cluster loop only; the calls it is given are queued there.
 */
final class MemberSide {

  private static final Logger log = LoggerFactory.getLogger(MemberSide.class);

  private final String serverId;
  private final RedisClusterOptions options;
  private final ClusterMetrics metrics;
  private final ClusterChannels channels;
  private final OwnedLeases owned;
  private final Confirmations confirmations;
  private final PendingCalls pending;
  private final SerialLoop loop;
  private final Supplier<RedisLink> link;
  private final BooleanSupplier available;
  /** Releases a key's lease when no member is left, here or elsewhere. */
  private final Consumer<SharedKey> releaseIfUnused;
  /** Tells the owner side that a connection calls from this server now ({@link OwnerSide#arrived}). */
  private final Consumer<String> arrived;
  /** This server's members of shared view models, by key. */
  private final Map<SharedKey, Map<String, SharedMember>> standIns = new ConcurrentHashMap<>();
  /** The lease each key's owner held when this server last looked. */
  private final Map<SharedKey, Lease> routes = new ConcurrentHashMap<>();
  private final MemberMoves moves;
  private ClusterHost host;

  MemberSide(String serverId, RedisClusterOptions options, ClusterMetrics metrics, ClusterChannels channels,
      OwnedLeases owned, Confirmations confirmations, PendingCalls pending, SerialLoop loop, Supplier<RedisLink> link,
      BooleanSupplier available, Consumer<SharedKey> releaseIfUnused, Consumer<String> arrived) {
    this.serverId = serverId;
    this.options = options;
    this.metrics = metrics;
    this.channels = channels;
    this.owned = owned;
    this.confirmations = confirmations;
    this.pending = pending;
    this.loop = loop;
    this.link = link;
    this.available = available;
    this.releaseIfUnused = releaseIfUnused;
    this.moves = new MemberMoves(serverId, standIns, routes, this::acquireOrRead, channels, pending, loop, link);
    this.arrived = arrived;
  }

  void bind(ClusterHost host) {
    this.host = host;
    moves.bind(host);
  }

  CompletionStage<Void> join(SharedMember member) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    submit(Operation.JOIN, member.key().vmId(), done, () -> joinNow(member, done));
    return done;
  }

  CompletionStage<Void> update(SharedMember member, JsonNode data) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    submit(Operation.UPDATE, member.key().vmId(), done, () -> call(Kind.UPDATE, member, data, done));
    return done;
  }

  void leave(SharedKey key, String connectionId) {
    if (!loop.offer(() -> leaveNow(key, connectionId))) metrics.failed(Operation.PUBLISH);
  }

  /** Whether this server has members of {@code key}. */
  boolean hosts(SharedKey key) {
    return standIns.containsKey(key);
  }

  /** Forgets who owns {@code key}: the next call reads it again. */
  void forgetOwner(SharedKey key) {
    routes.remove(key);
  }

  /** Whether {@code e} comes from the owner this server knows for its key (else it is stale, or not for us). */
  boolean fromOwner(Envelope e) {
    Lease known = routes.get(e.key());
    if (known != null && known.value().equals(e.lease())) return true;
    if (known != null) metrics.stale();
    return false;
  }

  /**
   * Looks up every key's owner again and moves the members to a new one (all of them when
   * {@code rejoinAll}: Redis came back and the owners may have lost them). Loop only.
   */
  void follow(boolean rejoinAll) {
    moves.follow(rejoinAll);
  }

  /** Whether an owner was found gone and this server looks for its successor every chase interval. */
  boolean chasing() {
    return moves.chasing();
  }

  /** The owner of {@code key} under {@code lease} is gone: its successor is looked for every chase interval. */
  void ownerGone(SharedKey key, Lease lease) {
    moves.ownerGone(key, lease);
  }

  /** Looks for the successors of owners found gone. Loop only. */
  void chase() {
    moves.chase();
  }

  private void submit(Operation operation, String vmId, CompletableFuture<Void> done, Runnable task) {
    if (!available.getAsBoolean()) {
      metrics.failed(operation);
      done.completeExceptionally(RedisHubCluster.unavailable(vmId));
    } else if (!loop.offer(task)) {
      metrics.failed(operation);
      done.completeExceptionally(new ClusterUnavailableException("The cluster is overloaded; '" + vmId + "' is unavailable"));
    }
  }

  private void joinNow(SharedMember member, CompletableFuture<Void> done) {
    SharedKey key = member.key();
    SharedMember previous = standIns.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
        .put(member.connectionId(), member);
    // A first request that fails leaves nothing behind: the client was told it failed.
    if (previous == null) {
      done.whenComplete((ok, error) -> {
        if (error != null) loop.offer(() -> dropStandIn(key, member));
      });
    }
    call(Kind.JOIN, member, null, done);
  }

  /** Runs a JOIN or UPDATE here when this server owns the key, else sends it to the owner. */
  private void call(Kind kind, SharedMember member, JsonNode data, CompletableFuture<Void> done) {
    Operation operation = kind == Kind.JOIN ? Operation.JOIN : Operation.UPDATE;
    SharedKey key = member.key();
    // A connection is on one server at a time: one that calls from here is no longer anywhere else.
    arrived.accept(member.connectionId());
    Lease lease;
    try {
      lease = route(key);
    } catch (Exception e) {
      metrics.failed(operation);
      done.completeExceptionally(RedisHubCluster.unavailable(key.vmId()));
      return;
    }
    if (lease.heldBy(serverId)) {
      if (owned.valid(key) == null) {
        // Owner on paper only: it could not renew in time, so it must not act (fencing).
        metrics.failed(operation);
        done.completeExceptionally(RedisHubCluster.unavailable(key.vmId()));
        return;
      }
      long mark = confirmations.mark();
      try {
        if (kind == Kind.JOIN) host.hostJoin(member);
        else host.hostUpdate(member, data);
      } catch (VMException e) {
        done.completeExceptionally(e);
        return;
      } catch (RuntimeException e) {
        done.completeExceptionally(new VMException(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), e));
        return;
      }
      if (kind == Kind.JOIN) {
        done.complete(null);
        return;
      }
      // OK only once Redis carried what the update pushed to the other servers, under this lease.
      confirmations.confirm(key, lease, mark, error -> {
        if (error == null) done.complete(null);
        else done.completeExceptionally(error);
      });
      return;
    }
    long call = pending.register(done, key.vmId());
    Envelope envelope = Envelope.toOwner(kind, serverId, lease.value(), key, member.connection(),
        kind == Kind.JOIN ? member.vmArg() : null, kind == Kind.JOIN ? member.headers() : null, data, call);
    channels.publish(channels.inboxOf(lease.serverId()), envelope, received -> {
      if (received > 0) return;
      // Nobody listens on the owner's inbox: the owner is gone. Its lease expires and the members move
      // to whoever takes it (MemberMoves); a join waits for that (a client the proxy moved here from
      // the dead server is one), within the call timeout. An update's caller hears it now.
      moves.ownerGone(key, lease);
      if (kind == Kind.JOIN && loop.offer(() -> moves.awaitNextOwner(member, call, lease))) return;
      metrics.failed(operation);
      pending.fail(call, new ClusterUnavailableException("The server that owns '" + key.vmId()
          + "' is gone; it moves to another server within seconds, try again"));
    }, () -> pending.fail(call, RedisHubCluster.unavailable(key.vmId())));
  }

  private void leaveNow(SharedKey key, String connectionId) {
    Map<String, SharedMember> members = standIns.get(key);
    if (members == null || members.remove(connectionId) == null) return;
    moves.stopWaiting(key, connectionId);
    Lease lease = routes.get(key);
    if (members.isEmpty()) {
      standIns.remove(key, members);
      if (!owned.holds(key)) routes.remove(key);
    }
    if (lease == null) return;
    if (lease.heldBy(serverId)) {
      host.hostLeave(key, connectionId);
      releaseIfUnused.accept(key);
    } else {
      channels.publish(channels.inboxOf(lease.serverId()), Envelope.toOwner(Kind.LEAVE, serverId, lease.value(),
          key, new ConnectionInfo(connectionId, null, 0, null, null, null, null),
          null, null, null, 0));
    }
  }

  private void dropStandIn(SharedKey key, SharedMember member) {
    Map<String, SharedMember> members = standIns.get(key);
    if (members == null || !members.remove(member.connectionId(), member)) return;
    moves.stopWaiting(key, member.connectionId());
    if (members.isEmpty()) {
      standIns.remove(key, members);
      if (!owned.holds(key)) routes.remove(key);
    }
  }

  /** The key's owner: known, or read (and taken when free) from Redis. Blocks: loop only. */
  private Lease route(SharedKey key) throws Exception {
    Lease known = routes.get(key);
    if (known != null) return known;
    Lease lease = acquireOrRead(key);
    routes.put(key, lease);
    return lease;
  }

  private Lease acquireOrRead(SharedKey key) throws Exception {
    RedisLink l = link.get();
    if (l == null) throw RedisHubCluster.unavailable(key.vmId());
    Lease lease;
    try {
      lease = l.acquireOrRead(key, UUID.randomUUID().toString().substring(0, 8) + ":" + serverId, options.leaseTtl());
    } catch (Exception e) {
      metrics.failed(Operation.ACQUIRE);
      throw e;
    }
    if (lease.heldBy(serverId) && owned.took(key, lease)) {
      log.info("{} owns {} ({}) now", serverId, key.vmId(), key.group());
    }
    return lease;
  }
}
