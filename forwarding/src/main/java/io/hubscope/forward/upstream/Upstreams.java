package io.hubscope.forward.upstream;

import io.hubscope.forward.ForwardingException;
import io.hubscope.forward.ForwardingOptions;
import io.hubscope.forward.Refusal;
import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.pipeline.CallType;
import io.hubscope.hub.pipeline.ResponseMiddleware;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The app servers one forwarder forwards to, one {@link UpstreamPool} each, and the local clients
 * forwarded over them. A client is pinned to one app server, the one with the fewest clients of
 * this proxy among those with a live pooled connection when it first calls, and within it to one
 * pooled connection: its calls arrive in order and its view models live in one place. When its
 * pooled connection dies the client moves, with its view models requested again, to a live
 * connection of the same app server, or, when that app server is gone, to the least-loaded
 * survivor ({@link Pinning}); the client's own connection to the proxy stays. When no app server is reachable, calls
 * fail at once with a clear error.
 */
public final class Upstreams implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Upstreams.class);
  private static final Duration REHOME_DELAY = Duration.ofMillis(200);

  private final ForwardingOptions options;
  private final String nodeId;
  private final UpstreamConnector connector;
  private final List<UpstreamPool> pools = new CopyOnWriteArrayList<>();
  private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean rehomeScheduled = new AtomicBoolean();
  private final AtomicLong opened = new AtomicLong();
  private final ClientDelivery downstream;
  private final StatusReporter status;
  private final Pinning pinning;
  private volatile boolean started;
  private volatile boolean closed;

  /** @param urls the app servers' hub URLs, at least one, each once */
  public Upstreams(List<String> urls, ForwardingOptions options) {
    if (urls == null || urls.isEmpty()) throw new IllegalArgumentException("no upstream URL");
    this.options = options;
    this.nodeId = options.nodeName() + "-" + randomSuffix();
    this.connector = new UpstreamConnector(options, nodeId);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hubscope-upstreams-" + options.nodeName());
      t.setDaemon(true);
      return t;
    });
    this.downstream = new ClientDelivery(sessions, options.metrics(), options.haltPipeline());
    this.status = new StatusReporter(pools, sessions, options, nodeId, opened::get);
    this.pinning = new Pinning(pools, options.metrics());
    Set<String> names = new HashSet<>();
    for (String url : urls) {
      requireUrl(url);
      if (!names.add(UpstreamPool.nameOf(url))) {
        throw new IllegalArgumentException("upstream listed twice (same host and port): " + url + " in " + urls);
      }
      pools.add(new UpstreamPool(this, url, options));
    }
  }

  static void requireUrl(String url) {
    if (url == null || !url.matches("(?i)(https?|wss?)://.+")) {
      throw new IllegalArgumentException("upstream must be an http(s) or ws(s) URL: " + url);
    }
  }

  /** Shows every view-model push delivered to local clients to {@code observer} (null: none). */
  public void observeDeliveries(ResponseMiddleware observer) {
    downstream.observe(observer);
  }

  /**
   * Tells every app server, with the status reports, whether this proxy is draining (takes no
   * new clients): their negotiate redirects then send no one here. Reported within a quarter
   * second of a change.
   */
  public void reportDraining(BooleanSupplier draining) {
    status.draining(draining);
  }

  /** Opens every pooled connection of every app server (in the background) and starts the status reports. */
  public Upstreams start() {
    started = true;
    for (UpstreamPool p : pools) p.start();
    scheduler.scheduleWithFixedDelay(status::reportIfChanged, 250, 250, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Adds an app server; new clients bind to it as soon as one of its pooled connections is up. */
  public UpstreamPool add(String url) {
    requireUrl(url);
    synchronized (pools) {
      for (UpstreamPool p : pools) {
        if (p.name().equals(UpstreamPool.nameOf(url))) throw new IllegalArgumentException("upstream already listed: " + url);
      }
      UpstreamPool pool = new UpstreamPool(this, url, options);
      pools.add(pool);
      if (started) pool.start();
      return pool;
    }
  }

  /**
   * Removes an app server: its pooled connections close, so it detaches its logical connections,
   * and its clients move to the others as if it had died. False if it was not listed.
   */
  public boolean remove(String url) {
    UpstreamPool removed = null;
    synchronized (pools) {
      for (UpstreamPool p : pools) if (p.url().equals(url)) removed = p;
      if (removed == null) return false;
      pools.remove(removed);
    }
    removed.close();
    memberChanged();
    return true;
  }

  /** One pool per app server, in the order listed. */
  public List<UpstreamPool> pools() {
    return List.copyOf(pools);
  }

  /** This process's node id as the app servers know it. */
  public String nodeId() {
    return nodeId;
  }

  /** Pooled connections that are up, over every app server. */
  public int connected() {
    int n = 0;
    for (UpstreamPool p : pools) n += p.connected();
    return n;
  }

  /** Pooled connections configured, over every app server. */
  public int size() {
    int n = 0;
    for (UpstreamPool p : pools) n += p.size();
    return n;
  }

  /** Forwarded calls waiting for an answer, over every app server. */
  public int pending() {
    int n = 0;
    for (UpstreamPool p : pools) n += p.pending();
    return n;
  }

  /** Local clients this forwarder serves (pinned to an app server or not yet). */
  public int clients() {
    return sessions.size();
  }

  public ClientSession session(String connectionId) {
    return sessions.get(connectionId);
  }

  /** The app server {@code connectionId} is pinned to; null when it is not pinned (yet). */
  public UpstreamPool pinnedTo(String connectionId) {
    ClientSession s = sessions.get(connectionId);
    if (s == null) return null;
    synchronized (s) {
      return s.server;
    }
  }

  public void opened(ClientSession session) {
    if (sessions.put(session.id(), session) == null) opened.incrementAndGet();
  }

  /**
   * Forwards one client call. The Mono completes when the app server has carried it out, or fails
   * with a {@link ForwardingException} the client can read; it never waits without a bound.
   */
  public Mono<Void> forward(ClientSession s, CallType call, String vmId, JsonNode data) {
    List<JsonNode> args = Pinning.argsOf(vmId, data);
    synchronized (s) {
      if (s.closed) return Mono.empty();
      // Forget first: a re-pin below must not request again what this call disposes.
      if (call == CallType.DISPOSE_VM) s.forget(vmId);
      OutboundPooledConnection m = pinning.bind(s);
      if (m == null) {
        options.metrics().refused(Refusal.NO_UPSTREAM);
        return Mono.error(new ForwardingException(Refusal.NO_UPSTREAM, pinning.unreachable()));
      }
      Mono<Void> answer = m.call(s, call.method(), args);
      if (call == CallType.REQUEST_VM) s.remember(vmId, data);
      return answer;
    }
  }

  /** A local client left: its app server disposes its view models and forgets its connection. */
  public void closed(String connectionId, CloseReason reason, String error) {
    ClientSession s = sessions.remove(connectionId);
    if (s == null) return;
    synchronized (s) {
      s.closed = true;
      if (s.server != null) s.server.unpin();
      OutboundPooledConnection m = s.member;
      if (m == null) return;
      m.groups.removeAll(connectionId);
      if (s.announced && m.isLive(s.generation)) m.disconnected(s, reason.tag(), error);
    }
  }

  /** A pooled connection came up or went down, or an app server was removed: re-home clients soon. */
  void memberChanged() {
    if (closed || !rehomeScheduled.compareAndSet(false, true)) return;
    // A short delay lets the siblings of a reconnecting (or dying) connection change too, so that
    // clients spread over what is live instead of piling onto whichever connection was first.
    schedule(this::rehome, REHOME_DELAY);
  }

  private void rehome() {
    rehomeScheduled.set(false);
    int moved = 0;
    for (ClientSession s : sessions.values()) {
      synchronized (s) {
        // Clients without view models have nothing to restore: they move with their next call.
        if (s.closed || !s.holdsViewModels() || (s.member != null && s.member.isLive(s.generation))) continue;
        if (pinning.bind(s) != null) moved++;
      }
    }
    if (moved > 0) LOG.info("[upstreams] restored the view models of {} clients", moved);
  }

  void deliver(OutboundPooledConnection m, List<JsonNode> args) {
    downstream.deliver(m, args);
  }

  void reportStatus(OutboundPooledConnection m, boolean awaitAnswer) {
    status.report(m, awaitAnswer);
  }

  HubClient client(String url, EventLoop loop) {
    return connector.client(url, loop);
  }

  EventLoop loop(int index) {
    return connector.loop(index);
  }

  ForwardingOptions options() {
    return options;
  }

  boolean isClosed() {
    return closed;
  }

  void schedule(Runnable task, Duration delay) {
    if (closed) return;
    try {
      scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closing: nothing more to do.
    }
  }

  private static String randomSuffix() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /** Closes every pooled connection; the local clients stay and their calls fail until restarted. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    for (UpstreamPool p : pools) p.close();
  }
}
