package io.hubscope.forward.upstream;

import io.hubscope.forward.ForwardingOptions;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tells the upstream who this proxy is and how many clients it holds: on every (re)connect of a
 * pooled connection, and within a quarter second of any change (plus every 5 s), so the app
 * server's negotiate redirect can pick the least-loaded proxy.
 */
final class StatusReporter {

  private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
  private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final OutboundPooledConnection[] members;
  private final Map<String, ClientSession> sessions;
  private final ForwardingOptions options;
  private final String nodeId;
  private final LongSupplier opened;
  private volatile BooleanSupplier draining = () -> false;
  private int lastReported = -1; // scheduler thread only
  private boolean lastDraining; // scheduler thread only
  private long lastReportNanos;

  StatusReporter(OutboundPooledConnection[] members, Map<String, ClientSession> sessions, ForwardingOptions options,
      String nodeId, LongSupplier opened) {
    this.members = members;
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
      for (OutboundPooledConnection m : members) {
        if (m.isUp()) {
          m.sendStatus(status(), false);
          lastReported = clients;
          lastDraining = drain;
          lastReportNanos = now;
          return;
        }
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
