package io.hubscope.tap;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.pipeline.CallType;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import io.hubscope.hub.pipeline.HubContext;
import io.hubscope.hub.pipeline.Middleware;
import io.hubscope.hub.pipeline.ResponseContext;
import io.hubscope.hub.pipeline.ResponseMiddleware;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.JsonMappers;
import io.hubscope.hub.server.HubServerBuilder;
import io.hubscope.tap.metrics.DropCause;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tap: mirrors a hub node's connections and messages to the observer, best-effort. It is the
 * forwarding idea with halt-pipeline off: it sees every call, push, open and close, hands an event
 * to a bounded queue on the caller's thread (offer-or-drop, never a wait), and one sender thread
 * batches the queue to the observer's {@code Observe} hub method (see {@code docs/tap-events.md}).
 * A slow, stopped or restarting observer costs the hub dropped events, counted by cause, and
 * nothing else.
 *
 * <p>Logical connections (clients behind a forwarding proxy) are skipped: their proxy taps them. So
 * are the connections {@link TapOptions#notClients()} names, such as a proxy's pooled connections.
 *
 * <pre>{@code
 * HubServerBuilder builder = HubServer.builder();
 * Tap tap = Tap.install(builder, TapOptions.builder("http://observer:8080/observe",
 *     NodeIdentity.onThisHost("proxy", "proxy-1", 8082)).token(token).build());
 * forwarding.observeDeliveries(tap);   // on a proxy: the pushes it delivers for the app server
 * }</pre>
 */
public final class Tap implements Middleware, ResponseMiddleware, DisconnectionMiddleware, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Tap.class);
  private static final JsonMapper MAPPER = JsonMappers.builder().build();

  private final TapOptions options;
  private final TapQueue queue;
  private final Drops drops;
  private final TapSender sender;
  private final TapCommands commands;
  private final Map<String, TapEvent.Open> open = new ConcurrentHashMap<>();
  private final ScheduledExecutorService hostTimer;
  private volatile boolean failureLogged;

  public Tap(TapOptions options) {
    this.options = options;
    this.queue = new TapQueue(options.queueMaxEvents(), options.queueMaxBytes());
    this.drops = new Drops(options.metrics());
    this.commands = new TapCommands(options.metrics());
    this.sender = new TapSender(options, queue, drops, () -> List.copyOf(open.values()), MAPPER, commands);
    options.metrics().queue(queue::depth, queue::bytes);
    HostSampler sampler = new HostSampler(new HostSampler.TapState() {
      @Override public int connections() { return open.size(); }
      @Override public int queueDepth() { return queue.depth(); }
      @Override public long queueBytes() { return queue.bytes(); }
      @Override public List<NodeLink> links() { return options.links() == null ? null : options.links().get(); }
    });
    this.hostTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hubscope-tap-host");
      t.setDaemon(true);
      return t;
    });
    long interval = options.hostInterval().toMillis();
    hostTimer.scheduleAtFixedRate(() -> sampler.sample(this::offer), interval, interval, TimeUnit.MILLISECONDS);
  }

  /** Creates a tap, adds it to {@code builder} (see {@link #installOn}) and starts it. */
  public static Tap install(HubServerBuilder builder, TapOptions options) {
    return new Tap(options).installOn(builder).start();
  }

  /**
   * Adds this tap to {@code builder} as middleware (after those already added: on a proxy, add it
   * before the halting forwarder, which ends the pipeline), response middleware and connection
   * listener.
   */
  public Tap installOn(HubServerBuilder builder) {
    builder.middleware(this).responseMiddleware(this).disconnectionMiddleware(this);
    return this;
  }

  /** Starts connecting to the observer; until connected, events are dropped as {@code observer_down}. */
  public Tap start() {
    sender.start();
    return this;
  }

  public TapOptions options() {
    return options;
  }

  /** Cumulative events dropped for {@code cause} since start. */
  public long dropped(DropCause cause) {
    return drops.total(cause);
  }

  /**
   * Carries out the operator's commands that arrive over this tap's link to the observer (only when
   * the tap presents a token; see {@code docs/tap-events.md}, "Commands"). Without a handler every
   * command is refused.
   */
  public Tap acceptCommands(CommandHandler handler) {
    commands.handler(handler);
    return this;
  }

  /** Whether the tap has a connection to the observer. */
  public boolean connected() {
    return sender.isUp();
  }

  @Override
  public Mono<Void> invoke(HubContext ctx, Next next) {
    HubConnection c = ctx.connection();
    if (c.pooledConnection() == null && admit()) {
      try {
        JsonNode vm = MAPPER.getNodeFactory().stringNode(ctx.vmId());
        List<JsonNode> args = ctx.data() == null ? List.of(vm) : List.of(vm, ctx.data());
        // The JSON encoding is the exact size a JSON client sends, and the payload's source.
        byte[] frame = HubProtocols.JSON.encode(new InvocationMessage(null, ctx.callType().method(), args));
        offer(new TapEvent.Msg(System.currentTimeMillis(), c.id(), true, ctx.callType().method(), ctx.vmId(),
            frame.length, 1, null, sampled() ? frame : null));
      } catch (RuntimeException e) {
        failed(c.id(), e);
      }
    }
    return next.proceed(ctx);
  }

  @Override
  public boolean onResponse(ResponseContext ctx) {
    HubConnection c = ctx.connection();
    // A fan-out on a node that holds no connections of its own reaches only proxies' clients.
    if (c != null ? c.pooledConnection() != null : open.isEmpty()) return true;
    if (!admit()) return true;
    try {
      offer(new TapEvent.Msg(System.currentTimeMillis(), c == null ? null : c.id(), false, CallType.RESPONSE_VM.method(), ctx.vmId(),
          ctx.message().jsonSize(), ctx.recipients(), ctx.group(), sampled() ? ctx.vmData() : null));
    } catch (RuntimeException e) {
      failed(c == null ? "fan-out" : c.id(), e);
    }
    return true;
  }

  @Override
  public void onConnected(HubConnection connection) {
    if (connection.pooledConnection() != null || options.notClients().test(connection)) return;
    TapEvent.Open o = openOf(connection.info());
    open.put(connection.id(), o);
    if (admit()) offer(o);
  }

  @Override
  public void onDisconnected(HubConnection connection, CloseReason reason, String error) {
    if (open.remove(connection.id()) == null) return;
    if (admit()) offer(new TapEvent.Close(System.currentTimeMillis(), connection.id(), reason.tag(), error));
  }

  private TapEvent.Open openOf(ConnectionInfo info) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : options.headers()) {
      String value = "user-agent".equals(name) ? info.userAgent() : info.headers().get(name);
      if (value != null && !value.isEmpty()) headers.put(name, value);
    }
    return new TapEvent.Open(System.currentTimeMillis(), info.id(), info.remoteIp(), info.remotePort(),
        info.userAgent(), headers, info.transport(), info.protocol());
  }

  /** False (and counted) while the observer is unreachable, before any work is spent on the event. */
  private boolean admit() {
    if (sender.isUp()) return true;
    drops.record(DropCause.OBSERVER_DOWN, 1);
    return false;
  }

  private boolean sampled() {
    double rate = options.payloadSampleRate();
    return rate >= 1 || (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate);
  }

  /** Offer-or-drop; safe on an event loop. */
  void offer(TapEvent event) {
    if (event.weight() > options.batchMaxBytes()) {
      drops.record(DropCause.TOO_LARGE, 1);
    } else if (!sender.isUp()) {
      drops.record(DropCause.OBSERVER_DOWN, 1);
    } else if (!queue.offer(event)) {
      drops.record(DropCause.QUEUE_FULL, 1);
    } else if (queue.depth() % options.batchMaxEvents() == 0) {
      sender.wake();
    }
  }

  private void failed(String connectionId, RuntimeException e) {
    if (!failureLogged) {
      failureLogged = true;
      LOG.warn("[{}] tap could not mirror a message", connectionId, e);
    } else {
      LOG.debug("[{}] tap could not mirror a message", connectionId, e);
    }
  }

  @Override
  public void close() {
    hostTimer.shutdownNow();
    sender.close();
    commands.close();
  }
}
