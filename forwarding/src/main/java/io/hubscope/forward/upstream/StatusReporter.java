package io.hubscope.forward.upstream;

import io.hubscope.forward.ForwardingOptions;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tells every app server who this proxy is and how many clients it holds: on every (re)connect of
 * a pooled connection, and within a quarter second of any change (plus every 5 s), so each app
 * server's negotiate redirect can pick the least-loaded proxy.
 *
 * <p>Each app server gets the proxy's totals (all its clients, all it opened), not the clients
 * pinned to that server: the redirect balances proxies, whose load is every socket they hold
 * wherever its calls go, and a client it redirects here may be pinned to any app server, so only
 * the proxy-wide {@code opened} tells it that the client arrived.
 */
final class StatusReporter {

  private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
  private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final List<UpstreamPool> pools;
  private final Map<String, ClientSession> sessions;
  private final ForwardingOptions options;
  private final String nodeId;
  private final LongSupplier opened;
  private volatile BooleanSupplier draining = () -> false;
  private int lastReported = -1; // scheduler thread only
  private boolean lastDraining; // scheduler thread only
  private long lastReportNanos;

  StatusReporter(List<UpstreamPool> pools, Map<String, ClientSession> sessions, ForwardingOptions options,
      String nodeId, LongSupplier opened) {
    this.pools = pools;
    this.opened = opened;
    this.sessions = sessions;
    this.options = options;
    this.nodeId = nodeId;
  }

  void draining(BooleanSupplier draining) {
    this.draining = draining;
  }

  /** Each pooled connection reports once when it comes up, so the upstream links it to this node. */
  void report(OutboundPooledConnection m, boolean awaitAnswer) {
    m.sendStatus(status(), awaitAnswer);
  }

  void reportIfChanged() {
    try {
      int clients = sessions.size();
      boolean drain = draining.getAsBoolean();
      long now = System.nanoTime();
      if (clients == lastReported && drain == lastDraining && now - lastReportNanos < REFRESH_NANOS) return;
      boolean sent = false;
      for (UpstreamPool p : pools) {
        // One pooled connection per app server is enough; one without any hears on its reconnect.
        OutboundPooledConnection m = p.anyUp();
        if (m != null) {
          m.sendStatus(status(), false);
          sent = true;
        }
      }
      if (sent) {
        lastReported = clients;
        lastDraining = drain;
        lastReportNanos = now;
      }
    } catch (RuntimeException e) {
      LOG.warn("status report failed", e);
    }
  }

  private ObjectNode status() {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.put("nodeId", nodeId);
    s.put("nodeName", options.nodeName());
    if (options.publicUrl() != null) s.put("url", options.publicUrl());
    s.put("clients", sessions.size());
    s.put("opened", opened.getAsLong());
    if (draining.getAsBoolean()) s.put("draining", true);
    return s;
  }
}
