package io.hubscope.forward.upstream;

import io.hubscope.forward.ForwardingOptions;
import io.hubscope.forward.metrics.ForwardingMetrics;
import io.hubscope.hub.client.HubClient;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A fixed pool of persistent connections to one app server, part of a forwarder's
 * {@link Upstreams}. Clients pinned to this app server are pinned to one of its pooled connections
 * (by a hash of their id), so each client's calls reach the app server in the order it sent them.
 * Each connection reconnects with backoff; a change of one is reported to the {@link Upstreams},
 * which re-homes the clients that lost their connection.
 */
public final class UpstreamPool {

  private final Upstreams upstreams;
  private final String url;
  private final String name;
  private final OutboundPooledConnection[] members;
  // Clients of this proxy pinned to this app server: what least-loaded binding compares.
  private final AtomicInteger pinned = new AtomicInteger();
  private volatile boolean closed;

  UpstreamPool(Upstreams upstreams, String url, ForwardingOptions options) {
    this.upstreams = upstreams;
    this.url = url;
    this.name = nameOf(url);
    this.members = new OutboundPooledConnection[options.poolSize()];
    for (int i = 0; i < members.length; i++) members[i] = new OutboundPooledConnection(this, i);
    options.metrics().pool(name, this::connected, members.length, this::pending, this::clients);
  }

  /** The metric tag and log name of an app server: its host and port. */
  static String nameOf(String url) {
    URI uri = URI.create(url);
    return uri.getHost() + ":" + uri.getPort();
  }

  void start() {
    for (OutboundPooledConnection m : members) m.connect();
  }

  public String url() {
    return url;
  }

  /** Host and port, as the metrics tag this app server. */
  public String name() {
    return name;
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

  /** Forwarded calls waiting for this app server's answer. */
  public int pending() {
    int n = 0;
    for (OutboundPooledConnection m : members) n += m.pending();
    return n;
  }

  /** Local clients pinned to this app server. */
  public int clients() {
    return pinned.get();
  }

  /** True while this app server can take clients: not removed, and a pooled connection is up. */
  boolean isAvailable() {
    if (closed) return false;
    for (OutboundPooledConnection m : members) if (m.isUp()) return true;
    return false;
  }

  void pin() {
    pinned.incrementAndGet();
  }

  void unpin() {
    pinned.decrementAndGet();
  }

  /** The live pooled connection a client is pinned to, starting from the one its id hashes to. */
  OutboundPooledConnection pick(String connectionId) {
    int h = connectionId.hashCode();
    int start = Math.floorMod(h ^ (h >>> 16), members.length);
    for (int i = 0; i < members.length; i++) {
      OutboundPooledConnection m = members[(start + i) % members.length];
      if (m.isUp()) return m;
    }
    return null;
  }

  /** Pooled connection {@code index}. */
  OutboundPooledConnection member(int index) {
    return members[index];
  }

  /** Some pooled connection that is up, for the status reports; null when none is. */
  OutboundPooledConnection anyUp() {
    for (OutboundPooledConnection m : members) if (m.isUp()) return m;
    return null;
  }

  // ---- for the members ----

  HubClient client(EventLoop loop) {
    return upstreams.client(url, loop);
  }

  EventLoop loop(int index) {
    return upstreams.loop(index);
  }

  void memberChanged() {
    upstreams.memberChanged();
  }

  void deliver(OutboundPooledConnection m, List<JsonNode> args) {
    upstreams.deliver(m, args);
  }

  void reportStatus(OutboundPooledConnection m, boolean awaitAnswer) {
    upstreams.reportStatus(m, awaitAnswer);
  }

  ForwardingOptions options() {
    return upstreams.options();
  }

  ForwardingMetrics metrics() {
    return upstreams.options().metrics();
  }

  boolean isClosed() {
    return closed || upstreams.isClosed();
  }

  Duration backoff(int attempt) {
    List<Duration> steps = upstreams.options().backoff();
    return steps.get(Math.min(attempt, steps.size() - 1));
  }

  void schedule(Runnable task, Duration delay) {
    if (!isClosed()) upstreams.schedule(task, delay);
  }

  /** Closes the pooled connections for good (the forwarder closes, or this app server was removed). */
  void close() {
    closed = true;
    for (OutboundPooledConnection m : members) m.close();
  }
}
