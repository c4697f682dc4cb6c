package io.hubscope.forward.upstream;

import io.hubscope.forward.ForwardingException;
import io.hubscope.forward.Refusal;
import io.hubscope.forward.ForwardingOptions;
import io.hubscope.forward.envelope.Envelope;
import io.hubscope.forward.envelope.LinkProof;
import io.hubscope.forward.metrics.ForwardingMetrics;
import io.hubscope.forward.trust.LinkProofs;
import io.hubscope.forward.trust.SharedSecrets;
import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.pipeline.CallType;
import io.hubscope.hub.pipeline.ResponseMiddleware;
import io.hubscope.hub.protocol.HubProtocols;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * A fixed pool of persistent connections to one upstream hub, and the local clients forwarded over
 * it. Each client is pinned to one pooled connection (by a hash of its id), so its calls reach the
 * upstream in the order it sent them and everything for it comes back in order. When a pooled
 * connection dies, its clients move to a live one and their view models are requested again there;
 * when none is live, calls fail at once with a clear error. Each connection reconnects with backoff.
 */
public final class UpstreamPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamPool.class);
  private static final Duration REHOME_DELAY = Duration.ofMillis(200);

  private final String url;
  private final String name;
  private final ForwardingOptions options;
  private final String nodeId;
  private final LinkProofs proofs;
  private final HttpClient http;
  private final OutboundPooledConnection[] members;
  private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean rehomeScheduled = new AtomicBoolean();
  private final AtomicLong opened = new AtomicLong();
  private volatile boolean closed;
  private final ClientDelivery downstream;
  private final StatusReporter status;

  public UpstreamPool(String url, ForwardingOptions options) {
    this.url = url;
    this.options = options;
    URI uri = URI.create(url);
    this.name = uri.getHost() + ":" + uri.getPort();
    this.nodeId = options.nodeName() + "-" + randomSuffix();
    this.proofs = options.sharedSecret() == null ? null : new LinkProofs(SharedSecrets.of(options.sharedSecret()));
    ByteCounter counter = new ByteCounter(options.metrics());
    this.http = HttpClient.create()
        .doOnChannelInit((observer, channel, address) -> channel.pipeline().addFirst("hubscope.bytes", counter));
    this.members = new OutboundPooledConnection[options.poolSize()];
    for (int i = 0; i < members.length; i++) members[i] = new OutboundPooledConnection(this, i);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hubscope-upstream-" + name);
      t.setDaemon(true);
      return t;
    });
    this.downstream = new ClientDelivery(sessions, options.metrics(), name, options.haltPipeline());
    this.status = new StatusReporter(members, sessions, options, nodeId, opened::get);
    options.metrics().pool(name, this::connected, members.length, this::pending);
  }

  /** Shows every view-model push this pool delivers to local clients to {@code observer} (null: none). */
  public void observeDeliveries(ResponseMiddleware observer) {
    downstream.observe(observer);
  }

  /**
   * Tells the upstream, with the status reports, whether this proxy is draining (takes no new
   * clients): the app server's negotiate redirect then sends no one here. Reported within a
   * quarter second of a change.
   */
  public void reportDraining(BooleanSupplier draining) {
    status.draining(draining);
  }

  /** Opens every pooled connection (in the background) and starts the status reports. */
  public UpstreamPool start() {
    for (OutboundPooledConnection m : members) m.connect();
    scheduler.scheduleWithFixedDelay(status::reportIfChanged, 250, 250, TimeUnit.MILLISECONDS);
    return this;
  }

  /** This process's node id as the upstream knows it. */
  public String nodeId() {
    return nodeId;
  }

  public String url() {
    return url;
  }

  /** Pooled connections that are up. */
  public int connected() {
    int n = 0;
    for (OutboundPooledConnection m : members) if (m.isUp()) n++;
    return n;
  }

  public int size() {
    return members.length;
  }

  /** Forwarded calls waiting for the upstream's answer, over the whole pool. */
  public int pending() {
    int n = 0;
    for (OutboundPooledConnection m : members) n += m.pending();
    return n;
  }

  /** Local clients this pool serves. */
  public int clients() {
    return sessions.size();
  }

  public ClientSession session(String connectionId) {
    return sessions.get(connectionId);
  }

  public void opened(ClientSession session) {
    if (sessions.put(session.id(), session) == null) opened.incrementAndGet();
  }

  /**
   * Forwards one client call. The Mono completes when the upstream has carried it out, or fails
   * with a {@link ForwardingException} the client can read; it never waits without a bound.
   */
  public Mono<Void> forward(ClientSession s, CallType call, String vmId, JsonNode data) {
    List<JsonNode> args = argsOf(vmId, data);
    synchronized (s) {
      if (s.closed) return Mono.empty();
      // Forget first: a re-pin below must not request again what this call disposes.
      if (call == CallType.DISPOSE_VM) s.forget(vmId);
      OutboundPooledConnection m = bind(s);
      if (m == null) {
        options.metrics().refused(Refusal.NO_UPSTREAM);
        return Mono.error(new ForwardingException(Refusal.NO_UPSTREAM,
            "The app server is not reachable from this proxy (" + name + "); try again shortly"));
      }
      Mono<Void> answer = m.call(s, call.method(), args);
      if (call == CallType.REQUEST_VM) s.remember(vmId, data);
      return answer;
    }
  }

  /** A local client left: the upstream disposes its view models and forgets its connection. */
  public void closed(String connectionId, CloseReason reason, String error) {
    ClientSession s = sessions.remove(connectionId);
    if (s == null) return;
    synchronized (s) {
      s.closed = true;
      OutboundPooledConnection m = s.member;
      if (m == null) return;
      m.groups.removeAll(connectionId);
      if (s.announced && m.isLive(s.generation)) m.disconnected(s, reason.tag(), error);
    }
  }

  /**
   * Pins {@code s} to a live pooled connection. A new pin announces the client again and requests
   * its view models again, before anything else it sends. Caller holds the session's lock.
   */
  private OutboundPooledConnection bind(ClientSession s) {
    if (s.member != null && s.member.isLive(s.generation)) return s.member;
    if (s.member != null) s.member.groups.removeAll(s.id());
    OutboundPooledConnection m = pick(s.id());
    s.member = m;
    if (m == null) return null;
    s.generation = m.generation();
    s.announced = false;
    for (Map.Entry<String, JsonNode> vm : s.activeViewModels()) {
      m.call(s, CallType.REQUEST_VM.method(), argsOf(vm.getKey(), vm.getValue()))
          .subscribe(null, e -> LOG.debug("[{}] could not restore {}: {}", s.id(), vm.getKey(), e.getMessage()));
    }
    return m;
  }

  private OutboundPooledConnection pick(String connectionId) {
    int h = connectionId.hashCode();
    int start = Math.floorMod(h ^ (h >>> 16), members.length);
    for (int i = 0; i < members.length; i++) {
      OutboundPooledConnection m = members[(start + i) % members.length];
      if (m.isUp()) return m;
    }
    return null;
  }

  /** A pooled connection came up or went down: re-home the clients that hold view models, soon. */
  void memberChanged() {
    if (closed || !rehomeScheduled.compareAndSet(false, true)) return;
    // A short delay lets the siblings of a reconnecting connection come up too, so that clients
    // spread over the pool instead of piling onto whichever connection was first.
    schedule(this::rehome, REHOME_DELAY);
  }

  private void rehome() {
    rehomeScheduled.set(false);
    int moved = 0;
    for (ClientSession s : sessions.values()) {
      synchronized (s) {
        if (s.closed || !s.holdsViewModels() || (s.member != null && s.member.isLive(s.generation))) continue;
        if (bind(s) != null) moved++;
      }
    }
    if (moved > 0) LOG.info("[upstream {}] restored the view models of {} clients", name, moved);
  }

  void deliver(OutboundPooledConnection m, List<JsonNode> args) {
    downstream.deliver(m, args);
  }

  void reportStatus(OutboundPooledConnection m, boolean awaitAnswer) {
    status.report(m, awaitAnswer);
  }

  // ---- for the members ----

  HubClient client() {
    HubClient.Builder b = HubClient.builder(url)
        .protocol(options.useMessagePack() ? HubProtocols.MESSAGE_PACK : HubProtocols.JSON)
        .httpClient(http)
        // Straight to the WebSocket: one round trip less, and never redirected to a proxy.
        .skipNegotiation(true)
        .userAgent("hubscope-proxy/" + options.nodeName())
        .invocationTimeout(options.callTimeout())
        .maxMessageSize(16 * 1024 * 1024);
    // A fresh proof per attempt: the app server takes each proof once, bound to this node id.
    if (proofs != null) b.header(LinkProof.HEADER, proofs.issue(nodeId));
    return b.build();
  }

  String name() {
    return name;
  }

  ForwardingOptions options() {
    return options;
  }

  ForwardingMetrics metrics() {
    return options.metrics();
  }

  boolean isClosed() {
    return closed;
  }

  Duration backoff(int attempt) {
    List<Duration> steps = options.backoff();
    return steps.get(Math.min(attempt, steps.size() - 1));
  }

  void schedule(Runnable task, Duration delay) {
    if (closed) return;
    try {
      scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closing: nothing more to do.
    }
  }

  private static List<JsonNode> argsOf(String vmId, JsonNode data) {
    List<JsonNode> args = new ArrayList<>(2);
    args.add(Envelope.text(vmId));
    if (data != null && !data.isNull()) args.add(data);
    return args;
  }

  private static String randomSuffix() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /** Closes the pooled connections; the local clients stay and their calls fail until restarted. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    for (OutboundPooledConnection m : members) m.close();
  }
}
