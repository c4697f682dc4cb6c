package io.hubscope.forward.receiver;

import io.hubscope.forward.envelope.Envelope;
import io.hubscope.forward.envelope.LinkProof;
import io.hubscope.forward.envelope.OriginContext;
import io.hubscope.forward.trust.LinkProofs;
import io.hubscope.forward.trust.SharedSecrets;
import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.server.HubCall;
import io.hubscope.hub.server.HubCallException;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.HubServerBuilder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The app server's end of forwarding. It takes the calls proxies forward over their pooled
 * connections, gives each original client a {@link LogicalConnection} (attached to the hub, so
 * view models, middlewares, groups and multicast see the client's own id, IP and user agent), and
 * detaches all of a pooled connection's logical connections when it closes.
 *
 * <pre>{@code
 * HubServerBuilder builder = HubServer.builder()...;
 * ForwardReceiver receiver = ForwardReceiver.install(builder, sharedSecret);
 * HubServer hub = builder.build();
 * receiver.bind(hub);
 * }</pre>
 */
public final class ForwardReceiver implements DisconnectionMiddleware {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardReceiver.class);
  /** Item holding the node id a pooled connection proved at connect, or {@link #NOT_PROVEN}. */
  private static final String PROVEN_NODE = ForwardReceiver.class.getName() + ".provenNode";
  private static final String NOT_PROVEN = "";

  private final LinkProofs proofs;
  private final Map<String, InboundPooledConnection> links = new ConcurrentHashMap<>();
  private final ProxyDirectory directory = new ProxyDirectory();
  private final Map<LinkProofs.Refusal, LongAdder> refusedProofs = new EnumMap<>(LinkProofs.Refusal.class);
  private volatile HubServer hub;

  private ForwardReceiver(LinkProofs proofs) {
    this.proofs = proofs;
    for (LinkProofs.Refusal r : LinkProofs.Refusal.values()) refusedProofs.put(r, new LongAdder());
  }

  /**
   * A receiver that trusts pooled connections proving they know {@code sharedSecret}. Without a
   * secret, forwarding is off: the forwarding hub methods are not installed, so no client can pose
   * as a proxy or as a proxy's client, and no proxy can register for the negotiate redirect.
   */
  public static ForwardReceiver create(String sharedSecret) {
    return create(sharedSecret == null || sharedSecret.isEmpty() ? null : SharedSecrets.of(sharedSecret));
  }

  /** As {@link #create(String)}, with a key list (the current secret and those being rotated out); null: off. */
  public static ForwardReceiver create(SharedSecrets secrets) {
    return create(secrets == null ? null : new LinkProofs(secrets));
  }

  /** As {@link #create(String)}, checking proofs with {@code proofs} (null: forwarding off). */
  public static ForwardReceiver create(LinkProofs proofs) {
    if (proofs == null) LOG.info("Forwarding is off: no shared secret is configured, so no proxy may connect");
    return new ForwardReceiver(proofs);
  }

  /** Creates a receiver and {@linkplain #installOn installs} it on {@code builder}. */
  public static ForwardReceiver install(HubServerBuilder builder, String sharedSecret) {
    return create(sharedSecret).installOn(builder);
  }

  /**
   * Registers the forwarding hub methods and the pooled-connection cleanup on {@code builder}; does
   * nothing when forwarding is off (a client calling {@code Invoke} gets the hub's unknown-method
   * error, counted like any other).
   */
  public ForwardReceiver installOn(HubServerBuilder builder) {
    if (!enabled()) return this;
    builder.method(Envelope.INVOKE, this::invoke)
        .method(Envelope.PROXY_STATUS, this::status)
        .disconnectionMiddleware(this);
    return this;
  }

  /** Binds the receiver to the hub built from the builder it was installed on. */
  public ForwardReceiver bind(HubServer hub) {
    this.hub = hub;
    return this;
  }

  /** Whether proxies may connect at all: a shared secret is configured. */
  public boolean enabled() {
    return proofs != null;
  }

  public ProxyDirectory directory() {
    return directory;
  }

  /** Logical connections currently attached, over all links (zero when every proxy is gone). */
  public int logicalConnections() {
    int n = 0;
    for (InboundPooledConnection link : links.values()) n += link.size();
    return n;
  }

  /** Pooled connections from proxies that have forwarded or reported at least once. */
  public int links() {
    return links.size();
  }

  /** Connections closed because the link proof they presented was refused for {@code reason}. */
  public long refusedProofs(LinkProofs.Refusal reason) {
    return refusedProofs.get(reason).sum();
  }

  /**
   * Whether {@code request} carries a valid link proof, without using it up: a proxy's negotiate,
   * which its WebSocket connect (where the proof is redeemed) follows. Always false when off.
   */
  public boolean carriesValidProof(ServerHttpRequest request) {
    if (proofs == null) return false;
    String proof = request.getHeaders().getFirst(LinkProof.HEADER);
    return proof != null && proofs.check(proof).valid();
  }

  @Override
  public void onConnected(HubConnection connection) {
    if (connection instanceof LogicalConnection) return;
    if (provenNode(connection) == null && connection.info().headers().containsKey(LinkProof.HEADER)) {
      connection.close(CloseReason.PROTOCOL_ERROR, "Forwarding link proof refused");
    }
  }

  /**
   * Whether {@code connection} is a proxy's pooled connection rather than a client: it presented a
   * valid proof when it connected. Without a secret no connection can, so none is. A tap uses this
   * to leave pooled connections out of the clients it mirrors.
   */
  public boolean isProxyConnection(HubConnection connection) {
    return provenNode(connection) != null;
  }

  /**
   * The node id {@code connection} proved, or null. The proof is redeemed once, on whichever asks
   * first (this receiver at connect, or a tap), and the answer kept with the connection: a proof is
   * single-use, so asking again must not look like a replay.
   */
  private String provenNode(HubConnection connection) {
    if (proofs == null || connection instanceof LogicalConnection) return null;
    Object known = connection.items().computeIfAbsent(PROVEN_NODE, k -> redeem(connection));
    return known == NOT_PROVEN ? null : (String) known;
  }

  private String redeem(HubConnection connection) {
    String proof = connection.info().headers().get(LinkProof.HEADER);
    if (proof == null) return NOT_PROVEN;
    LinkProofs.Verdict verdict = proofs.redeem(proof);
    if (verdict.valid()) return verdict.nodeId();
    refusedProofs.get(verdict.refusal()).increment();
    LOG.warn("[{}] link proof refused ({}) from {}: closing", connection.id(), verdict.refusal().tag(),
        connection.info().remoteIp());
    return NOT_PROVEN;
  }

  @Override
  public void onDisconnected(HubConnection connection, CloseReason reason, String error) {
    if (connection instanceof LogicalConnection) return;
    InboundPooledConnection link = links.remove(connection.id());
    if (link == null) return;
    directory.linkClosed(link);
    var orphans = link.markClosed();
    if (!orphans.isEmpty()) {
      LOG.info("[{}] pooled connection from proxy {} closed; detaching {} logical connections", link.id(),
          link.nodeId(), orphans.size());
    }
    for (LogicalConnection c : orphans) detach(c, CloseReason.UPSTREAM_LOST, "The proxy connection closed");
  }

  private Mono<?> invoke(HubCall call) {
    HubServer server = boundHub();
    InboundPooledConnection link = linkOf(call.connection());
    Envelope.Forwarded f = Envelope.readInvoke(call.arguments());
    if (Envelope.DISCONNECTED.equals(f.method())) {
      LogicalConnection gone = link.get(f.connectionId());
      if (gone != null) detach(gone, closeReason(f), errorOf(f));
      return Mono.empty();
    }
    LogicalConnection connection = f.context() != null ? announce(server, link, f.context()) : link.get(f.connectionId());
    if (connection == null) {
      throw new HubCallException("unknown_origin", "Unknown forwarded connection '" + f.connectionId()
          + "' on this pooled connection: the first call must carry " + Envelope.CONTEXT);
    }
    return server.dispatcher().dispatch(connection, new InvocationMessage(null, f.method(), f.args()));
  }

  private Mono<?> status(HubCall call) {
    InboundPooledConnection link = linkOf(call.connection());
    JsonNode s = call.arguments().isEmpty() ? null : call.arguments().get(0);
    if (s == null || !s.isObject() || !s.path("nodeId").isString()) {
      throw new HubCallException("bad_envelope", "ProxyStatus expects {nodeId, nodeName, url, clients, opened}");
    }
    requireProvenNode(link, s.get("nodeId").asString());
    directory.report(link, link.nodeId(), s.path("nodeName").asString(""), s.path("url").asString(""),
        s.path("clients").asInt(0), s.path("opened").asLong(0), s.path("draining").asBoolean(false));
    return Mono.empty();
  }

  private InboundPooledConnection linkOf(HubConnection pooled) {
    String node = provenNode(pooled);
    if (node == null) {
      throw new HubCallException("forbidden", "Only a forwarding proxy that proved the shared secret when it "
          + "connected may call this method");
    }
    return links.computeIfAbsent(pooled.id(), id -> {
      InboundPooledConnection link = new InboundPooledConnection(pooled);
      link.nodeId(node);
      return link;
    });
  }

  /** A pooled connection speaks only for the node id its proof named. */
  private static void requireProvenNode(InboundPooledConnection link, String claimed) {
    if (!link.nodeId().equals(claimed)) {
      throw new HubCallException("forbidden", "This pooled connection proved node id '" + link.nodeId()
          + "', not '" + claimed + "'");
    }
  }

  private LogicalConnection announce(HubServer server, InboundPooledConnection link, OriginContext origin) {
    LogicalConnection known = link.get(origin.connectionId());
    if (known != null) return known;
    requireProvenNode(link, origin.nodeId());
    HubConnection existing = server.connections().get(origin.connectionId());
    if (existing instanceof LogicalConnection other && other.proxyLink() != link
        && origin.nodeId().equals(other.origin().nodeId())) {
      // The proxy re-homed this client onto another of its pooled connections: the newest wins.
      detach(other, CloseReason.UPSTREAM_LOST, "Moved to another pooled connection");
    } else if (existing != null) {
      throw new HubCallException("duplicate_connection", "Connection id '" + origin.connectionId()
          + "' is already in use on this hub");
    }
    if (link.isClosed()) throw new HubCallException("upstream_lost", "The pooled connection is closing");
    LogicalConnection connection = new LogicalConnection(origin, link, this);
    link.put(connection);
    if (!server.attach(connection)) {
      link.remove(connection);
      throw new HubCallException("duplicate_connection", "Connection id '" + origin.connectionId()
          + "' is already in use on this hub");
    }
    return connection;
  }

  void detach(LogicalConnection connection, CloseReason reason, String error) {
    connection.proxyLink().remove(connection);
    HubServer server = hub;
    if (server != null) server.detach(connection, reason, error);
  }

  private HubServer boundHub() {
    HubServer server = hub;
    if (server == null) throw new IllegalStateException("ForwardReceiver is not bound: call bind(hub) after build()");
    return server;
  }

  private static CloseReason closeReason(Envelope.Forwarded f) {
    String tag = f.args().isEmpty() ? "" : f.args().get(0).asString("");
    for (CloseReason r : CloseReason.values()) {
      if (r.tag().equals(tag)) return r;
    }
    return CloseReason.NORMAL;
  }

  private static String errorOf(Envelope.Forwarded f) {
    return f.args().size() > 1 && f.args().get(1).isString() ? f.args().get(1).asString() : null;
  }
}
