package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.ClusterHost;
import io.hubscope.hub.cluster.ClusterUnavailableException;
import io.hubscope.hub.cluster.HubCluster;
import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.cluster.SharedMember;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.redis.ClusterMetrics.Operation;
import io.hubscope.hub.redis.Envelope.Kind;
import io.hubscope.hub.vm.VMException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A {@link HubCluster} on Redis. Each shared view model has one owner server, holding a lease in
 * Redis ({@code SET NX PX}, an epoch from INCR, renewed by compare-and-extend); only the owner runs
 * the real view model, so its timers tick once in the cluster. Other servers forward their members'
 * calls to the owner's inbox channel; the owner answers one member through its server's inbox and
 * pushes to the group on one channel every server listens to. See RATIONALE.md for the failure cases.
 *
 * <pre>{@code
 * RedisHubCluster cluster = new RedisHubCluster(RedisClusterOptions.builder("redis://127.0.0.1:6379").build(),
 *     ClusterMetrics.NOOP);
 * HubServer hub = HubServer.builder().viewModels(ViewModels.of(registry)).cluster(cluster).build();
 * }</pre>
 */
public final class RedisHubCluster implements HubCluster {

  private static final Logger log = LoggerFactory.getLogger(RedisHubCluster.class);

  private final RedisClusterOptions options;
  private final ClusterMetrics metrics;
  private final String serverId;
  private final ClusterChannels channels;
  private final SerialLoop loop;
  private final ScheduledExecutorService ticker;
  private final PendingCalls pending;
  private volatile RedisLink link;
  private volatile boolean closed;
  private ClusterHost host;

  // Member side (changed on the loop only): this server's members of shared view models, by key,
  // and the lease each key's owner held when this server last looked.
  private final Map<SharedKey, Map<String, SharedMember>> standIns = new ConcurrentHashMap<>();
  private final Map<SharedKey, Lease> routes = new ConcurrentHashMap<>();
  // Owner side: the keys this server owns and their members on other servers.
  private final OwnedLeases owned;
  private final OwnerSide owner;

  public RedisHubCluster(RedisClusterOptions options, ClusterMetrics metrics) {
    if (options == null) throw new IllegalArgumentException("options == null");
    if (metrics == null) throw new IllegalArgumentException("metrics == null");
    this.options = options;
    this.metrics = metrics;
    this.serverId = options.serverId();
    this.channels = new ClusterChannels(options, metrics, () -> link);
    this.owned = new OwnedLeases(options.leaseTtl(), metrics);
    this.pending = new PendingCalls(options.callTimeout().toNanos());
    this.loop = new SerialLoop("hubscope-cluster-" + serverId, 100_000);
    this.owner = new OwnerSide(serverId, owned, channels, metrics, loop, this::releaseIfUnused);
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hubscope-cluster-tick");
      t.setDaemon(true);
      return t;
    });
  }

  public String serverId() {
    return serverId;
  }

  /** Whether Redis is reachable now: false means shared view models and cross-server groups fail. */
  public boolean available() {
    RedisLink l = link;
    return l != null && l.isOpen();
  }

  /** Shared view models this server owns now. */
  public int ownedCount() {
    return owned.count();
  }

  @Override
  public void start(ClusterHost host) {
    if (this.host != null) throw new IllegalStateException("already started");
    this.host = host;
    owner.bind(host);
    connect();
    long period = options.renewInterval().toMillis();
    ticker.scheduleWithFixedDelay(() -> loop.offer(this::tick), period, period, TimeUnit.MILLISECONDS);
  }

  // ---- member side: calls of connections on this server -------------------------------------

  @Override
  public CompletionStage<Void> join(SharedMember member) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    submit(Operation.JOIN, member.key().vmId(), done, () -> joinNow(member, done));
    return done;
  }

  @Override
  public CompletionStage<Void> update(SharedMember member, JsonNode data) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    submit(Operation.UPDATE, member.key().vmId(), done, () -> updateNow(member, data, done));
    return done;
  }

  @Override
  public void leave(SharedKey key, String connectionId) {
    if (!loop.offer(() -> leaveNow(key, connectionId))) metrics.failed(Operation.PUBLISH);
  }

  private void submit(Operation operation, String vmId, CompletableFuture<Void> done, Runnable task) {
    if (!available()) {
      metrics.failed(operation);
      done.completeExceptionally(unavailable(vmId));
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

  private void updateNow(SharedMember member, JsonNode data, CompletableFuture<Void> done) {
    call(Kind.UPDATE, member, data, done);
  }

  /** Runs a JOIN or UPDATE here when this server owns the key, else sends it to the owner. */
  private void call(Kind kind, SharedMember member, JsonNode data, CompletableFuture<Void> done) {
    Operation operation = kind == Kind.JOIN ? Operation.JOIN : Operation.UPDATE;
    SharedKey key = member.key();
    Lease lease;
    try {
      lease = route(key);
    } catch (Exception e) {
      metrics.failed(operation);
      done.completeExceptionally(unavailable(key.vmId()));
      return;
    }
    if (lease.heldBy(serverId)) {
      if (owned.valid(key) == null) {
        // Owner on paper only: it could not renew in time, so it must not act (fencing).
        metrics.failed(operation);
        done.completeExceptionally(unavailable(key.vmId()));
        return;
      }
      try {
        if (kind == Kind.JOIN) host.hostJoin(member);
        else host.hostUpdate(member, data);
        done.complete(null);
      } catch (VMException e) {
        done.completeExceptionally(e);
      } catch (RuntimeException e) {
        done.completeExceptionally(new VMException(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), e));
      }
      return;
    }
    long call = pending.register(done, key.vmId());
    Envelope envelope = Envelope.toOwner(kind, serverId, lease.value(), key, member.connection(),
        kind == Kind.JOIN ? member.vmArg() : null, kind == Kind.JOIN ? member.headers() : null, data, call);
    channels.publish(channels.inboxOf(lease.serverId()), envelope, received -> {
      if (received > 0) return;
      // Nobody listens on the owner's inbox: the owner is gone. The caller hears it now; the lease
      // expires and the next tick moves the members to whoever takes it.
      metrics.failed(operation);
      pending.fail(call, new ClusterUnavailableException("The server that owns '" + key.vmId()
          + "' is gone; it moves to another server within seconds, try again"));
    }, () -> pending.fail(call, unavailable(key.vmId())));
  }

  private void leaveNow(SharedKey key, String connectionId) {
    Map<String, SharedMember> members = standIns.get(key);
    if (members == null || members.remove(connectionId) == null) return;
    Lease lease = routes.get(key);
    if (members.isEmpty()) {
      standIns.remove(key, members);
      if (!owned.holds(key)) routes.remove(key);
    }
    if (lease == null) return;
    if (lease.heldBy(serverId)) {
      host.hostLeave(key, connectionId);
      releaseIfUnused(key);
    } else {
      channels.publish(channels.inboxOf(lease.serverId()), Envelope.toOwner(Kind.LEAVE, serverId, lease.value(),
          key, new io.hubscope.hub.connection.ConnectionInfo(connectionId, null, 0, null, null, null, null),
          null, null, null, 0));
    }
  }

  private void dropStandIn(SharedKey key, SharedMember member) {
    Map<String, SharedMember> members = standIns.get(key);
    if (members == null || !members.remove(member.connectionId(), member)) return;
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
    RedisLink l = link;
    if (l == null) throw unavailable(key.vmId());
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

  // ---- owner side: responses to members on other servers ------------------------------------

  @Override
  public boolean isRemote(String connectionId) {
    return owner.isRemote(connectionId);
  }

  @Override
  public void respond(String connectionId, String vmId, String vmData) {
    owner.respond(connectionId, vmId, vmData);
  }

  @Override
  public void addToGroup(String connectionId, String group) {
    owner.addToGroup(connectionId, group);
  }

  @Override
  public void removeFromGroup(String connectionId, String group) {
    owner.removeFromGroup(connectionId, group);
  }

  @Override
  public void groupPush(String group, String vmId, String vmData, Collection<String> excluded) {
    owner.groupPush(group, vmId, vmData, excluded);
  }

  @Override
  public void groupSent(String group, Collection<String> excluded, InvocationMessage message) {
    channels.publish(channels.groups(), Envelope.group(serverId, group, List.copyOf(excluded), message.target(),
        message.arguments()));
  }

  // ---- messages from Redis -------------------------------------------------------------------

  private void onMessage(String channel, String message) {
    // Lettuce's I/O thread: decode here, act on the loop, in arrival order.
    Envelope envelope;
    try {
      envelope = channels.read(message);
    } catch (IllegalArgumentException e) {
      channels.warnOnce("dropped a cluster message: {}", e.getMessage());
      return;
    }
    if (serverId.equals(envelope.server()) && channel.equals(channels.groups())) return;
    if (!loop.offer(() -> handle(envelope))) metrics.failed(Operation.PUBLISH);
  }

  private void handle(Envelope e) {
    switch (e.kind()) {
      case JOIN, UPDATE -> owner.call(e);
      case LEAVE -> owner.leave(e);
      case RESULT -> pending.complete(e.call(), e.errorType(), e.errorMessage());
      case RESPOND -> {
        if (fromOwner(e)) host.respondHere(e.connectionId(), e.vmId(), e.vmData());
      }
      case ADD -> {
        if (fromOwner(e)) host.addToGroupHere(e.connectionId(), e.group());
      }
      case REMOVE -> {
        if (fromOwner(e)) host.removeFromGroupHere(e.connectionId(), e.group());
      }
      case VM_GROUP -> {
        if (fromOwner(e)) host.respondToGroupHere(e.group(), e.vmId(), e.vmData(), e.excluded());
      }
      case GROUP -> host.sendToGroupHere(e.group(), e.excluded(),
          new InvocationMessage(null, e.target(), e.args()));
    }
  }

  /** Whether {@code e} comes from the owner this server knows for its key (else it is stale, or not for us). */
  private boolean fromOwner(Envelope e) {
    Lease known = routes.get(e.key());
    if (known != null && known.value().equals(e.lease())) return true;
    if (known != null) metrics.stale();
    return false;
  }

  // ---- the periodic work: leases, owners, timeouts -------------------------------------------

  private void tick() {
    if (closed) return;
    RedisLink l = link;
    if (l == null) {
      connect();
      return;
    }
    owned.renew(l, this::stepDown);
    boolean rejoinAll = l.takeReconnected();
    if (rejoinAll) log.info("{} is back on Redis: members join their shared view models again", serverId);
    for (SharedKey key : List.copyOf(standIns.keySet())) {
      Map<String, SharedMember> members = standIns.get(key);
      if (members == null || members.isEmpty()) continue;
      Lease current;
      try {
        current = acquireOrRead(key);
      } catch (Exception e) {
        continue;
      }
      Lease known = routes.put(key, current);
      if (rejoinAll || !current.equals(known)) rejoin(key, current, members);
    }
    int expired = pending.expire(System.nanoTime());
    for (int i = 0; i < expired; i++) metrics.failed(Operation.UPDATE);
    owner.evictGoneServers(l);
  }

  /** This server may no longer act as owner: the view model stops here; its members here rejoin the next owner. */
  private void stepDown(SharedKey key, String why) {
    if (owned.remove(key) == null) return;
    metrics.leaseLost();
    log.warn("{} stops owning {} ({}): {}", serverId, key.vmId(), key.group(), why);
    host.hostDrop(key);
    owner.forget(key);
    routes.remove(key);
  }

  private void rejoin(SharedKey key, Lease lease, Map<String, SharedMember> members) {
    log.info("{} moves {} members of {} to {}", serverId, members.size(), key.vmId(), lease.serverId());
    for (SharedMember member : members.values()) {
      if (lease.heldBy(serverId)) {
        try {
          host.hostJoin(member);
        } catch (RuntimeException e) {
          log.debug("{} rejoining {} failed", member.connectionId(), key.vmId(), e);
        }
      } else {
        channels.publish(channels.inboxOf(lease.serverId()), Envelope.toOwner(Kind.JOIN, serverId, lease.value(),
            key, member.connection(), member.vmArg(), member.headers(), null, 0));
      }
    }
  }

  private void releaseIfUnused(SharedKey key) {
    if (!owned.holds(key) || standIns.containsKey(key) || owner.hasMembers(key)) return;
    Lease lease = owned.remove(key);
    routes.remove(key);
    RedisLink l = link;
    if (l != null && lease != null) l.release(key, lease);
  }

  // ---- Redis plumbing ------------------------------------------------------------------------

  private void connect() {
    try {
      link = new RedisLink(options, this::onMessage, channels.inboxOf(serverId), channels.groups());
      log.info("{} joined the cluster on {}", serverId, options.redisUrl());
    } catch (RuntimeException e) {
      metrics.failed(Operation.CONNECT);
      channels.warnOnce("cannot reach Redis at {} (retrying): {}", options.redisUrl(), e.getMessage());
    }
  }

  private static ClusterUnavailableException unavailable(String vmId) {
    return new ClusterUnavailableException("Redis is unreachable: the shared view model '" + vmId
        + "' is unavailable until it is back");
  }

  /** Leaves the cluster: releases every lease held here, so survivors take over at once. */
  @Override
  public void close() {
    if (closed) return;
    loop.offer(() -> {
      closed = true;
      pending.failAll("The server is shutting down");
      RedisLink l = link;
      if (l != null) {
        owned.releaseAll(l);
        l.flush();
      }
    });
    ticker.shutdownNow();
    loop.close(2000);
    closed = true;
    RedisLink l = link;
    link = null;
    if (l != null) l.close();
  }
}
