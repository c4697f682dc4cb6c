package io.hubscope.hub.client;

import io.hubscope.hub.protocol.CloseMessage;
import io.hubscope.hub.protocol.CompletionMessage;
import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocolException;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.PingMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * An open hub connection (after a successful handshake). Every method is safe from any thread.
 * Handlers and result Monos run on the connection's event loop: they must not block.
 *
 * <p>Keep-alive: the client pings after {@code keepAliveInterval} without sending, and closes with
 * {@link CloseInfo.Reason#TIMEOUT} after {@code serverTimeout} without hearing from the server.
 * With an {@code invocationTimeout}, an unanswered invocation fails with a
 * {@link java.util.concurrent.TimeoutException} and the connection stays open.
 */
public final class HubClientConnection {

  private static final Logger log = LoggerFactory.getLogger(HubClientConnection.class);
  private static final long PING_ANSWER_QUIET_NANOS = 1_000_000_000L;
  private static final long MIN_EXPIRY_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_EXPIRY_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ClientLink link;
  private final HubClientOptions options;
  private final HubProtocol protocol;
  private final String connectionId;
  private final HubProtocol.Reader reader;
  private final OutboundQueue outbound;
  private final InvocationRegistry invocations = new InvocationRegistry();
  private final Map<String, Consumer<List<JsonNode>>> handlers = new ConcurrentHashMap<>();
  private volatile Consumer<InvocationMessage> invocationHandler;
  private final AtomicReference<CloseInfo> closeInfo = new AtomicReference<>();
  private final Sinks.One<CloseInfo> closed = Sinks.one();
  private final KeepAlive keepAlive;
  private volatile ScheduledFuture<?> expiry;
  private long lastPingSentNanos; // event loop only
  private boolean handlerFailureLogged;

  HubClientConnection(ClientLink link, HubClientOptions options, String connectionId) {
    this.link = link;
    this.options = options;
    this.protocol = options.protocol();
    this.connectionId = connectionId;
    this.reader = protocol.newReader(options.maxMessageSize());
    this.outbound = new OutboundQueue(link);
    this.keepAlive = new KeepAlive(this, link.eventLoop(), options);
  }

  /** The connection id from negotiate; null when negotiation was skipped. */
  public String connectionId() {
    return connectionId;
  }

  /**
   * Invokes a hub method and waits for its completion. Completes with the result (a
   * {@link NullNode} for an explicit null), empty for a void method, or fails with
   * {@link HubInvocationException} carrying the server's error or {@link HubConnectionClosedException}.
   * Nothing is sent until subscription; arguments are converted with the client's JSON mapper.
   */
  public Mono<JsonNode> invoke(String target, Object... args) {
    return Mono.create(sink -> {
      CloseInfo info = closeInfo.get();
      if (info != null) {
        sink.error(new HubConnectionClosedException(info));
        return;
      }
      String id = invocations.register(target, sink);
      if (closeInfo.get() != null) { // closed between the check and the registration
        invocations.fail(id, new HubConnectionClosedException(closeInfo.get()));
        return;
      }
      byte[] bytes = protocol.encode(new InvocationMessage(id, target, toTrees(args)));
      outbound.enqueue(bytes, error -> {
        if (error != null) invocations.fail(id, writeFailure(error));
      });
    });
  }

  /** The send queue; its reader tells it when a read of the link's frames starts and ends. */
  OutboundQueue outbound() {
    return outbound;
  }

  /**
   * Invokes a hub method like {@link #invoke}, without a Mono: encoded and queued at once, on the
   * calling thread. {@code onFailure} hears of the server's error, the call timing out or the
   * connection closing before the answer (on the event loop; at once if it is closed already); a
   * result is dropped. For callers that invoke once per message they receive (the load tester's
   * pongs), where a Mono, its subscriber and a write listener per call cost more than encoding and
   * writing the message. A message that could not be written fails when the connection closes,
   * as it then does.
   */
  public void invokeIgnoringResult(String target, Consumer<Throwable> onFailure, Object... args) {
    if (closeInfo.get() == null) {
      String id = invocations.register(target, onFailure);
      if (closeInfo.get() == null) {
        outbound.enqueue(protocol.encode(new InvocationMessage(id, target, toTrees(args))), null);
        return;
      }
      invocations.fail(id, new HubConnectionClosedException(closeInfo.get())); // closed in between
    } else {
      onFailure.accept(new HubConnectionClosedException(closeInfo.get()));
    }
  }

  /** Invokes a hub method without an invocation id (no completion); completes once written. */
  public Mono<Void> send(String target, Object... args) {
    return Mono.create(sink -> {
      CloseInfo info = closeInfo.get();
      if (info != null) {
        sink.error(new HubConnectionClosedException(info));
        return;
      }
      byte[] bytes = protocol.encode(new InvocationMessage(null, target, toTrees(args)));
      outbound.enqueue(bytes, error -> {
        if (error == null) sink.success(); else sink.error(writeFailure(error));
      });
    });
  }

  /** Calls {@code handler} with the arguments of each server invocation of {@code target} (exact name). */
  public void on(String target, Consumer<List<JsonNode>> handler) {
    handlers.put(target, handler);
  }

  /** Calls {@code handler} with every invocation from the server, after any {@link #on} handler. */
  public void onInvocation(Consumer<InvocationMessage> handler) {
    this.invocationHandler = handler;
  }

  /** Completes once, when the connection has closed, with why. */
  public Mono<CloseInfo> closed() {
    return closed.asMono();
  }

  /** Sends a Close message, closes the transport, and completes once it is closed. */
  public Mono<Void> close() {
    return Mono.create(sink -> {
      link.whenClosed(sink::success);
      link.eventLoop().execute(() -> shutDown(CloseInfo.local()));
    });
  }

  /** Whether the connection is still open. */
  public boolean isOpen() {
    return closeInfo.get() == null;
  }

  // --- called by the connectors and KeepAlive on the event loop ---

  void start() {
    keepAlive.start();
    Duration timeout = options.invocationTimeout();
    if (timeout != null) {
      long timeoutNanos = timeout.toNanos();
      long period = Math.max(MIN_EXPIRY_PERIOD_NANOS, Math.min(timeoutNanos / 4, MAX_EXPIRY_PERIOD_NANOS));
      expiry = link.eventLoop().scheduleAtFixedRate(() -> invocations.expire(System.nanoTime(), timeoutNanos),
          period, period, TimeUnit.NANOSECONDS);
    }
  }

  void onMessages(java.nio.ByteBuffer payload) {
    keepAlive.received();
    if (closeInfo.get() != null) return;
    try {
      reader.read(payload, this::dispatch);
    } catch (HubProtocolException e) {
      log.warn("[{}] Closing: the server broke the hub protocol: {}", connectionId, e.getMessage());
      shutDown(CloseInfo.failure(CloseInfo.Reason.PROTOCOL_ERROR, e));
    }
  }

  void onTransportError(Throwable error) {
    shutDown(CloseInfo.failure(CloseInfo.Reason.TRANSPORT_ERROR, error));
  }

  void onTransportClosed() {
    shutDown(new CloseInfo(CloseInfo.Reason.TRANSPORT_CLOSED,
        "The server closed the transport without a Close message", false, null));
  }

  void sendPing() {
    lastPingSentNanos = System.nanoTime();
    outbound.enqueue(protocol.encode(PingMessage.INSTANCE), null);
  }

  long lastSentNanos() {
    return outbound.lastEnqueuedNanos();
  }

  /** Ends the connection once: the first reason wins. */
  void shutDown(CloseInfo info) {
    if (!closeInfo.compareAndSet(null, info)) return;
    keepAlive.stop();
    ScheduledFuture<?> e = expiry;
    if (e != null) e.cancel(false);
    HubConnectionClosedException closedError = new HubConnectionClosedException(info);
    invocations.failAll(closedError);
    if (link.isActive()) {
      if (info.reason() == CloseInfo.Reason.LOCAL_CLOSE) {
        // Flush what callers queued before close(), then say goodbye at both levels.
        outbound.run();
        outbound.enqueue(protocol.encode(new CloseMessage(null, false)), null);
        outbound.run();
      }
      outbound.failAll(closedError);
      link.close();
    } else {
      outbound.failAll(closedError);
    }
    closed.tryEmitValue(info);
  }

  private void dispatch(HubMessage message) {
    if (message instanceof InvocationMessage invocation) {
      onInvocation(invocation);
    } else if (message instanceof CompletionMessage completion) {
      invocations.complete(completion);
    } else if (message instanceof PingMessage) {
      // Answer, unless we pinged within the last second: that already shows we are alive, and it
      // stops two peers that both answer pings from ping-ponging forever.
      if (System.nanoTime() - lastPingSentNanos > PING_ANSWER_QUIET_NANOS) sendPing();
    } else if (message instanceof CloseMessage close) {
      shutDown(new CloseInfo(CloseInfo.Reason.SERVER_CLOSE, close.error(), close.allowReconnect(), null));
    }
    // Stream items and stream invocations: this client neither streams nor accepts streams.
  }

  private void onInvocation(InvocationMessage invocation) {
    Consumer<List<JsonNode>> handler = handlers.get(invocation.target());
    if (handler != null) runHandler(() -> handler.accept(invocation.arguments()), invocation.target());
    Consumer<InvocationMessage> all = invocationHandler;
    if (all != null) runHandler(() -> all.accept(invocation), invocation.target());
    if (invocation.invocationId() != null) {
      // The server waits for a result; handlers here return none, so say so rather than hang it.
      outbound.enqueue(protocol.encode(CompletionMessage.ofError(invocation.invocationId(),
          "Client did not provide a result for '" + invocation.target() + "'")), null);
    }
  }

  private void runHandler(Runnable handler, String target) {
    try {
      handler.run();
    } catch (RuntimeException e) {
      // A broken handler must not take the connection down; log loudly once, then quietly.
      if (!handlerFailureLogged) {
        handlerFailureLogged = true;
        log.warn("[{}] Handler for '{}' failed", connectionId, target, e);
      } else {
        log.debug("[{}] Handler for '{}' failed", connectionId, target, e);
      }
    }
  }

  private List<JsonNode> toTrees(Object[] args) {
    if (args == null || args.length == 0) return List.of();
    List<JsonNode> trees = new ArrayList<>(args.length);
    for (Object arg : args) {
      JsonNode tree = arg instanceof JsonNode node ? node : options.jsonMapper().valueToTree(arg);
      trees.add(tree == null ? NullNode.getInstance() : tree);
    }
    return trees;
  }

  private Throwable writeFailure(Throwable error) {
    CloseInfo info = closeInfo.get();
    return info != null ? new HubConnectionClosedException(info) : error;
  }
}
