package io.hubscope.forward;

import io.hubscope.forward.envelope.OriginContext;
import io.hubscope.forward.upstream.ClientSession;
import io.hubscope.forward.upstream.Upstreams;
import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import io.hubscope.hub.pipeline.HubContext;
import io.hubscope.hub.pipeline.Middleware;
import io.hubscope.hub.pipeline.ResponseMiddleware;
import io.hubscope.hub.server.HubServerBuilder;
import java.util.List;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/**
 * Forwards the view-model calls its filter accepts to one or more upstream hubs (app servers), over
 * a pool of persistent connections to each ({@link Upstreams}), inside an envelope that carries the
 * client's own connection context. Each client is pinned to one app server, the least loaded when
 * it first calls, and moves to a survivor if that one goes away. With halt-pipeline on (the default) a forwarded call stops here and its client's
 * invocation completes with the upstream's answer or a clear error; with it off the call is also
 * processed locally and the forward is best-effort (the tap). Several can be chained, each with its
 * own upstream and filter: the first whose filter accepts a call takes it.
 *
 * <pre>{@code
 * HubServerBuilder builder = HubServer.builder();
 * ForwardingMiddleware chat = ForwardingMiddleware.install(builder, "http://chat:8081/dotnetify",
 *     ForwardingOptions.builder().filter(ctx -> ctx.vmId().startsWith("ChatRoom")).build());
 * ForwardingMiddleware rest = ForwardingMiddleware.install(builder,
 *     List.of("http://app-1:8081/dotnetify", "http://app-2:8081/dotnetify"), ForwardingOptions.defaults());
 * }</pre>
 */
public final class ForwardingMiddleware implements Middleware, DisconnectionMiddleware, AutoCloseable {

  private final ForwardingOptions options;
  private final Upstreams pool;

  public ForwardingMiddleware(String upstreamUrl, ForwardingOptions options) {
    this(List.of(upstreamUrl == null ? "" : upstreamUrl), options);
  }

  /** @param upstreamUrls the app servers' hub URLs, at least one, each host:port once */
  public ForwardingMiddleware(List<String> upstreamUrls, ForwardingOptions options) {
    this.options = options;
    this.pool = new Upstreams(upstreamUrls, options);
  }

  /**
   * Adds a forwarder to {@code builder} (as middleware, after those already added, and as a
   * connection listener) and starts connecting its pool.
   */
  public static ForwardingMiddleware install(HubServerBuilder builder, String upstreamUrl, ForwardingOptions options) {
    return install(builder, List.of(upstreamUrl == null ? "" : upstreamUrl), options);
  }

  /** As {@link #install(HubServerBuilder, String, ForwardingOptions)}, with a pool to each app server. */
  public static ForwardingMiddleware install(HubServerBuilder builder, List<String> upstreamUrls,
      ForwardingOptions options) {
    ForwardingMiddleware forwarding = new ForwardingMiddleware(upstreamUrls, options);
    builder.middleware(forwarding).disconnectionMiddleware(forwarding);
    forwarding.start();
    return forwarding;
  }

  /** Starts connecting the pools; calls before one is up fail with a clear error. */
  public ForwardingMiddleware start() {
    pool.start();
    return this;
  }

  /**
   * Shows every view-model push this forwarder delivers to local clients to {@code observer}, once
   * per push with its recipient count, as the hub shows its own pushes to response middlewares.
   * A proxy's tap uses it: those pushes never pass the proxy hub's response middlewares.
   */
  public void observeDeliveries(ResponseMiddleware observer) {
    pool.observeDeliveries(observer);
  }

  /** Reports to every app server whether this proxy is draining, e.g. {@code hub::draining} (see {@link Upstreams#reportDraining}). */
  public void reportDraining(BooleanSupplier draining) {
    pool.reportDraining(draining);
  }

  /** The app servers this forwarder forwards to, a pool each, and the clients pinned to them. */
  public Upstreams upstreams() {
    return pool;
  }

  /** The same as {@link #upstreams()}; the name is from when a forwarder had one app server. */
  public Upstreams pool() {
    return pool;
  }

  public ForwardingOptions options() {
    return options;
  }

  @Override
  public Mono<Void> invoke(HubContext ctx, Next next) {
    if (!options.filter().test(ctx)) return next.proceed(ctx);
    ClientSession session = pool.session(ctx.connectionId());
    if (session == null) session = open(ctx.connection());
    Mono<Void> forwarded = pool.forward(session, ctx.callType(), ctx.vmId(), ctx.data());
    if (options.haltPipeline()) return forwarded;
    // Best effort: failures are counted by the pool and must not touch the local call.
    forwarded.subscribe(null, e -> {});
    return next.proceed(ctx);
  }

  @Override
  public void onConnected(HubConnection connection) {
    open(connection);
  }

  @Override
  public void onDisconnected(HubConnection connection, CloseReason reason, String error) {
    pool.closed(connection.id(), reason, error);
  }

  private ClientSession open(HubConnection connection) {
    ClientSession session = new ClientSession(connection,
        OriginContext.of(connection.info(), pool.nodeId(), options.forwardedHeaders(), System.currentTimeMillis()));
    pool.opened(session);
    return session;
  }

  @Override
  public void close() {
    pool.close();
  }
}
