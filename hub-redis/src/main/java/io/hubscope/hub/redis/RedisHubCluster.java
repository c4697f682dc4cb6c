package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.ClusterHost;
import io.hubscope.hub.cluster.ClusterUnavailableException;
import io.hubscope.hub.cluster.HubCluster;
import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.cluster.SharedMember;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.redis.ClusterMetrics.Operation;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
  /** How often the successor of an owner found gone is looked for: its view models move about when its lease expires. */
  private static final long CHASE_MILLIS = 100;

  private final RedisClusterOptions options;
  private final ClusterMetrics metrics;
  private final String serverId;
  private final ClusterChannels channels;
  private final SerialLoop loop;
  private final ScheduledExecutorService ticker;
  private final PendingCalls pending;
  private volatile RedisLink link;
  private volatile boolean closed;
  private final AtomicBoolean chaseQueued = new AtomicBoolean();
  private ClusterHost host;

  // Member side: this server's members of shared view models and who owns each.
  private final MemberSide members;
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
    Confirmations confirmations = new Confirmations(channels, owned, () -> link, loop, metrics, this::leaseLost);
    this.owner = new OwnerSide(serverId, owned, channels, confirmations, metrics, loop, this::releaseIfUnused);
    this.members = new MemberSide(serverId, options, metrics, channels, owned, confirmations, pending, loop,
        () -> link, this::available, this::releaseIfUnused, owner::arrived);
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
    members.bind(host);
    connect();
    long period = options.renewInterval().toMillis();
    ticker.scheduleWithFixedDelay(() -> loop.offer(this::tick), period, period, TimeUnit.MILLISECONDS);
    // Only while an owner was found gone: its successor is looked for often, not once per renewal round.
    ticker.scheduleWithFixedDelay(() -> {
      if (members.chasing() && chaseQueued.compareAndSet(false, true)) {
        if (!loop.offer(this::chase)) chaseQueued.set(false);
      }
    }, CHASE_MILLIS, CHASE_MILLIS, TimeUnit.MILLISECONDS);
  }

  // ---- member side: calls of connections on this server -------------------------------------

  @Override
  public CompletionStage<Void> join(SharedMember member) {
    return members.join(member);
  }

  @Override
  public CompletionStage<Void> update(SharedMember member, JsonNode data) {
    return members.update(member, data);
  }

  @Override
  public void leave(SharedKey key, String connectionId) {
    members.leave(key, connectionId);
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
        if (members.fromOwner(e)) host.respondHere(e.connectionId(), e.vmId(), e.vmData());
      }
      case ADD -> {
        if (members.fromOwner(e)) host.addToGroupHere(e.connectionId(), e.group());
      }
      case REMOVE -> {
        if (members.fromOwner(e)) host.removeFromGroupHere(e.connectionId(), e.group());
      }
      case VM_GROUP -> {
        if (members.fromOwner(e)) host.respondToGroupHere(e.group(), e.vmId(), e.vmData(), e.excluded());
      }
      case GROUP -> host.sendToGroupHere(e.group(), e.excluded(),
          new InvocationMessage(null, e.target(), e.args()));
    }
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
    members.follow(rejoinAll);
    int expired = pending.expire(System.nanoTime());
    for (int i = 0; i < expired; i++) metrics.failed(Operation.UPDATE);
    owner.evictGoneServers(l);
  }

  private void chase() {
    chaseQueued.set(false);
    if (!closed && link != null) members.chase();
  }

  /** This server may no longer act as owner: the view model stops here; its members here rejoin the next owner. */
  private void stepDown(SharedKey key, String why) {
    if (owned.remove(key) == null) return;
    metrics.leaseLost();
    log.warn("{} stops owning {} ({}): {}", serverId, key.vmId(), key.group(), why);
    host.hostDrop(key);
    owner.forget(key);
    members.forgetOwner(key);
  }

  /**
   * An update's confirmation found this server's lease gone (a restarted Redis forgot it, or another
   * server took it): it stops owning, and its members move to the key's owner now (maybe this server
   * again) rather than at the next renewal round.
   */
  private void leaseLost(SharedKey key, Lease lease, String why) {
    stepDown(key, why);
    members.ownerGone(key, lease);
  }

  private void releaseIfUnused(SharedKey key) {
    if (!owned.holds(key) || members.hosts(key) || owner.hasMembers(key)) return;
    Lease lease = owned.remove(key);
    members.forgetOwner(key);
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

  static ClusterUnavailableException unavailable(String vmId) {
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
