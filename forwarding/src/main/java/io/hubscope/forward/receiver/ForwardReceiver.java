package io.hubscope.forward.receiver;

import io.hubscope.forward.envelope.Envelope;
import io.hubscope.forward.envelope.LinkProof;
import io.hubscope.forward.envelope.OriginContext;
import io.hubscope.forward.redirect.AccessTokens;
import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.server.HubCall;
import io.hubscope.hub.server.HubCallException;
import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.HubServerBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private static final String TRUSTED = ForwardReceiver.class.getName() + ".trusted";

  private final AccessTokens tokens;
  private final Map<String, InboundPooledConnection> links = new ConcurrentHashMap<>();
  private final ProxyDirectory directory = new ProxyDirectory();
  private volatile HubServer hub;

  private ForwardReceiver(AccessTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * A receiver that trusts pooled connections proving they know {@code sharedSecret}. Without a
   * secret (development only) any client of the hub may forward, and so pose as any connection id.
   */
  public static ForwardReceiver create(String sharedSecret) {
    AccessTokens tokens = sharedSecret == null || sharedSecret.isEmpty() ? null : new AccessTokens(sharedSecret);
    if (tokens == null) LOG.warn("Forwarding is open to any client of this hub: configure a shared secret");
    return new ForwardReceiver(tokens);
  }

  /** Creates a receiver and {@linkplain #installOn installs} it on {@code builder}. */
  public static ForwardReceiver install(HubServerBuilder builder, String sharedSecret) {
    return create(sharedSecret).installOn(builder);
  }

  /** Registers the forwarding hub methods and the pooled-connection cleanup on {@code builder}. */
  public ForwardReceiver installOn(HubServerBuilder builder) {
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

  @Override
  public void onConnected(HubConnection connection) {
    if (connection instanceof LogicalConnection) return;
    if (tokens == null || isProxyConnection(connection)) {
      connection.items().put(TRUSTED, Boolean.TRUE);
    }
  }

  /**
   * Whether {@code connection} is a proxy's pooled connection rather than a client: it proved at
   * connect that it knows the shared secret. Without a secret no connection can prove it, so none is.
   * A tap uses this to leave pooled connections out of the clients it mirrors.
   */
  public boolean isProxyConnection(HubConnection connection) {
    if (tokens == null || connection instanceof LogicalConnection) return false;
    String proof = connection.info().headers().get(LinkProof.HEADER);
    return proof != null && tokens.verify(proof, LinkProof.AUDIENCE);
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
    link.nodeId(s.get("nodeId").asString());
    directory.report(link, link.nodeId(), s.path("nodeName").asString(""), s.path("url").asString(""),
        s.path("clients").asInt(0), s.path("opened").asLong(0));
    return Mono.empty();
  }

  private InboundPooledConnection linkOf(HubConnection pooled) {
    if (pooled.items().get(TRUSTED) == null) {
      throw new HubCallException("forbidden", "Only a forwarding proxy with the shared secret may call this method");
    }
    return links.computeIfAbsent(pooled.id(), id -> new InboundPooledConnection(pooled));
  }

  private LogicalConnection announce(HubServer server, InboundPooledConnection link, OriginContext origin) {
    LogicalConnection known = link.get(origin.connectionId());
    if (known != null) return known;
    link.nodeId(origin.nodeId());
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
