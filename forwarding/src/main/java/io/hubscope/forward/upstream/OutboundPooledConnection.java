package io.hubscope.forward.upstream;

import io.hubscope.forward.ForwardingException;
import io.hubscope.forward.Refusal;
import io.hubscope.forward.envelope.Envelope;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.client.HubConnectionClosedException;
import io.hubscope.hub.client.HubInvocationException;
import io.netty.channel.EventLoop;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

/**
 * One pooled connection to an app server (a member of its {@link UpstreamPool}): the current hub connection (replaced on each reconnect,
 * with a new generation), the calls it carries that wait for an answer (bounded), and the group
 * mirror of the clients pinned to it. Sends go through the hub client's queue, which writes
 * everything queued and flushes once per drain.
 */
final class OutboundPooledConnection {

  private static final Logger LOG = LoggerFactory.getLogger(OutboundPooledConnection.class);

  final int index;
  /** The event loop its connections run on. */
  final EventLoop loop;
  final GroupMirror groups = new GroupMirror();
  private final UpstreamPool pool;
  private final AtomicInteger pending = new AtomicInteger();
  private volatile HubClientConnection connection;
  private volatile long generation;
  // Touched by connect callbacks on event loops and by the pool's scheduler: never at once, but
  // on different threads.
  private final AtomicInteger attempt = new AtomicInteger();
  private volatile boolean failureLogged;

  OutboundPooledConnection(UpstreamPool pool, int index) {
    this.pool = pool;
    this.index = index;
    this.loop = pool.loop(index);
  }

  boolean isUp() {
    HubClientConnection c = connection;
    return c != null && c.isOpen();
  }

  /** True while the connection of {@code generation} is still the live one and its app server is not removed. */
  boolean isLive(long generation) {
    return this.generation == generation && isUp() && !pool.isClosed();
  }

  /** The live hub connection; null while down. */
  HubClientConnection connection() {
    return connection;
  }

  UpstreamPool pool() {
    return pool;
  }

  long generation() {
    return generation;
  }

  int pending() {
    return pending.get();
  }

  void connect() {
    if (pool.isClosed()) return;
    pool.client(loop).connect().subscribe(this::up, this::failed);
  }

  private void up(HubClientConnection c) {
    c.on(Envelope.CARRIER, args -> pool.deliver(this, args));
    synchronized (this) {
      generation++;
      connection = c;
    }
    attempt.set(0);
    failureLogged = false;
    LOG.info("[upstream {}#{}] connected to {}", pool.name(), index, pool.url());
    c.closed().subscribe(info -> down(c, info.reason() + (info.error() == null ? "" : ": " + info.error())));
    if (pool.isClosed()) {
      c.close().subscribe();
      return;
    }
    pool.reportStatus(this, true);
    pool.memberChanged();
  }

  private void failed(Throwable error) {
    if (!failureLogged) {
      failureLogged = true;
      LOG.warn("[upstream {}#{}] cannot connect to {}: {}", pool.name(), index, pool.url(), error.getMessage());
    } else {
      LOG.debug("[upstream {}#{}] cannot connect to {}: {}", pool.name(), index, pool.url(), error.getMessage());
    }
    retryLater();
  }

  private void down(HubClientConnection c, String why) {
    synchronized (this) {
      if (connection != c) return;
      connection = null;
    }
    groups.clear();
    if (pool.isClosed()) return;
    LOG.warn("[upstream {}#{}] connection lost ({}); reconnecting", pool.name(), index, why);
    pool.memberChanged();
    retryLater();
  }

  private void retryLater() {
    if (pool.isClosed()) return;
    pool.metrics().reconnect();
    pool.schedule(this::connect, pool.backoff(attempt.getAndIncrement()));
  }

  /**
   * Sends one client call now, in the caller's order, and returns its answer: empty when the
   * upstream completed it, or a {@link ForwardingException} with a message fit for the client.
   */
  Mono<Void> call(ClientSession session, String method, List<JsonNode> args) {
    HubClientConnection c = connection;
    if (c == null || !c.isOpen()) {
      return refuse(Refusal.UPSTREAM_LOST, "The connection to the app server was lost; try again shortly");
    }
    if (pending.incrementAndGet() > pool.options().maxPendingPerConnection()) {
      pending.decrementAndGet();
      return refuse(Refusal.QUEUE_FULL, "The app server is not keeping up (" + pool.options().maxPendingPerConnection()
          + " calls are waiting on this connection); try again shortly");
    }
    JsonNode[] envelope = Envelope.invoke(method, args, session.announced ? null : session.origin(), session.id());
    session.announced = true;
    Sinks.One<Void> answer = Sinks.one();
    // Subscribing now queues the message now: the caller holds the session's lock, so a client's
    // calls enter the connection's queue in the order the client sent them.
    // The connection's invocation timeout (callTimeout) ends a call the app server never answers.
    long sent = System.nanoTime();
    c.invoke(Envelope.INVOKE, (Object[]) envelope)
        .subscribe(
            result -> {},
            error -> {
              pending.decrementAndGet();
              // The app server's own error answer is a round trip too; a timeout or a lost link is not.
              if (error instanceof HubInvocationException) pool.metrics().answered(pool.name(), System.nanoTime() - sent);
              answer.tryEmitError(translate(error));
            },
            () -> {
              pending.decrementAndGet();
              pool.metrics().answered(pool.name(), System.nanoTime() - sent);
              answer.tryEmitEmpty();
            });
    pool.metrics().forwarded();
    return answer.asMono();
  }

  /** Tells the upstream a client left; nobody waits for the answer. */
  void disconnected(ClientSession session, String reasonTag, String error) {
    HubClientConnection c = connection;
    if (c == null || !c.isOpen()) return;
    JsonNode[] envelope = Envelope.invoke(Envelope.DISCONNECTED,
        error == null ? List.of(Envelope.text(reasonTag)) : List.of(Envelope.text(reasonTag), Envelope.text(error)),
        null, session.id());
    c.send(Envelope.INVOKE, (Object[]) envelope).subscribe(null, e -> LOG.debug("[{}] disconnect not forwarded: {}",
        session.id(), e.getMessage()));
    pool.metrics().forwarded();
  }

  void sendStatus(JsonNode status, boolean awaitAnswer) {
    HubClientConnection c = connection;
    if (c == null || !c.isOpen()) return;
    if (!awaitAnswer) {
      c.send(Envelope.PROXY_STATUS, status).subscribe(null, e -> {});
      return;
    }
    c.invoke(Envelope.PROXY_STATUS, status).subscribe(null, e -> {
      if (e instanceof HubInvocationException) {
        LOG.warn("[upstream {}#{}] {} refused this proxy: {}", pool.name(), index, pool.url(), e.getMessage());
      }
    });
  }

  void close() {
    HubClientConnection c = connection;
    if (c != null) c.close().subscribe(null, e -> {});
  }

  private Mono<Void> refuse(Refusal kind, String message) {
    pool.metrics().refused(kind);
    return Mono.error(new ForwardingException(kind, message));
  }

  private Throwable translate(Throwable error) {
    if (error instanceof HubInvocationException) {
      // The app server's own answer (unknown view model, bad arguments...): pass it on unchanged.
      pool.metrics().refused(Refusal.UPSTREAM_ERROR);
      return new ForwardingException(Refusal.UPSTREAM_ERROR, error.getMessage());
    }
    if (error instanceof TimeoutException) {
      pool.metrics().refused(Refusal.TIMEOUT);
      return new ForwardingException(Refusal.TIMEOUT, "The app server did not answer within "
          + seconds(pool.options().callTimeout()));
    }
    if (error instanceof HubConnectionClosedException) {
      pool.metrics().refused(Refusal.UPSTREAM_LOST);
      return new ForwardingException(Refusal.UPSTREAM_LOST,
          "The connection to the app server was lost before it answered; the call may not have been processed");
    }
    pool.metrics().refused(Refusal.UPSTREAM_LOST);
    return new ForwardingException(Refusal.UPSTREAM_LOST, failure(error));
  }

  /**
   * What a sender hears when forwarding failed otherwise. A write on a pooled connection that is
   * going down fails with an exception without a message (a closed channel, an aborted write); the
   * sender read "Forwarding failed: null" (stack-tests, an app server killed under chat load).
   */
  static String failure(Throwable error) {
    if (error instanceof java.nio.channels.ClosedChannelException || error.getMessage() == null) {
      return "The connection to the app server was lost; the call may not have been processed ("
          + error.getClass().getSimpleName() + ")";
    }
    return "Forwarding failed: " + error.getMessage();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
