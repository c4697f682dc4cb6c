package io.hubscope.forward;

import io.hubscope.forward.envelope.OriginContext;
import io.hubscope.forward.upstream.ClientSession;
import io.hubscope.forward.upstream.UpstreamPool;
import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import io.hubscope.hub.pipeline.HubContext;
import io.hubscope.hub.pipeline.Middleware;
import io.hubscope.hub.pipeline.ResponseMiddleware;
import io.hubscope.hub.server.HubServerBuilder;
import reactor.core.publisher.Mono;

/**
 * Forwards the view-model calls its filter accepts to an upstream hub over a pool of persistent
 * connections ({@link UpstreamPool}), inside an envelope that carries the client's own connection
 * context. With halt-pipeline on (the default) a forwarded call stops here and its client's
 * invocation completes with the upstream's answer or a clear error; with it off the call is also
 * processed locally and the forward is best-effort (the tap). Several can be chained, each with its
 * own upstream and filter: the first whose filter accepts a call takes it.
 *
 * <pre>{@code
 * HubServerBuilder builder = HubServer.builder();
 * ForwardingMiddleware chat = ForwardingMiddleware.install(builder, "http://chat:8081/dotnetify",
 *     ForwardingOptions.builder().filter(ctx -> ctx.vmId().startsWith("ChatRoom")).build());
 * ForwardingMiddleware rest = ForwardingMiddleware.install(builder, "http://app:8081/dotnetify",
 *     ForwardingOptions.defaults());
 * }</pre>
 */
public final class ForwardingMiddleware implements Middleware, DisconnectionMiddleware, AutoCloseable {

  private final ForwardingOptions options;
  private final UpstreamPool pool;

  public ForwardingMiddleware(String upstreamUrl, ForwardingOptions options) {
    if (upstreamUrl == null || !upstreamUrl.matches("(?i)(https?|wss?)://.+")) {
      throw new IllegalArgumentException("upstream must be an http(s) or ws(s) URL: " + upstreamUrl);
    }
    this.options = options;
    this.pool = new UpstreamPool(upstreamUrl, options);
  }

  /**
   * Adds a forwarder to {@code builder} (as middleware, after those already added, and as a
   * connection listener) and starts connecting its pool.
   */
  public static ForwardingMiddleware install(HubServerBuilder builder, String upstreamUrl, ForwardingOptions options) {
    ForwardingMiddleware forwarding = new ForwardingMiddleware(upstreamUrl, options);
    builder.middleware(forwarding).disconnectionMiddleware(forwarding);
    forwarding.start();
    return forwarding;
  }

  /** Starts connecting the pool; calls before it is up fail with a clear error. */
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

  /** Reports to the upstream whether this proxy is draining, e.g. {@code hub::draining} (see {@link UpstreamPool#reportDraining}). */
  public void reportDraining(java.util.function.BooleanSupplier draining) {
    pool.reportDraining(draining);
  }

  public UpstreamPool pool() {
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
