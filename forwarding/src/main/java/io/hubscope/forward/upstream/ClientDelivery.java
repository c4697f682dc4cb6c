package io.hubscope.forward.upstream;

import io.hubscope.forward.envelope.Envelope;
import io.hubscope.forward.metrics.ForwardingMetrics;
import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.pipeline.ResponseContext;
import io.hubscope.hub.pipeline.ResponseMiddleware;
import io.hubscope.hub.protocol.InvocationMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Delivers what an app server sends down a pooled connection to the local clients it names: one
 * upstream message becomes one frame per recipient, encoded once per client protocol.
 */
final class ClientDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(ClientDelivery.class);

  private final Map<String, ClientSession> sessions;
  private final ForwardingMetrics metrics;

  private final boolean deliverToClients;
  private volatile ResponseMiddleware observer;

  /**
   * @param deliverToClients false for a best-effort mirror (halt-pipeline off): the local hub
   *     answers the clients, so what the upstream sends must not reach them a second time
   */
  ClientDelivery(Map<String, ClientSession> sessions, ForwardingMetrics metrics, boolean deliverToClients) {
    this.sessions = sessions;
    this.deliverToClients = deliverToClients;
    this.metrics = metrics;
  }

  void deliver(OutboundPooledConnection m, List<JsonNode> args) {
    if (!deliverToClients) return;
    Envelope.Down d = Envelope.readDown(args);
    if (d == null) {
      LOG.debug("[upstream {}#{}] ignored a Response_VM that is not a forwarding envelope", m.pool().name(), m.index);
      return;
    }
    int delivered = 0;
    switch (d.op()) {
      case Envelope.SEND -> {
        PreparedMessage message = new PreparedMessage(d.inner());
        ClientSession target = d.connectionId() == null ? null : sessions.get(d.connectionId());
        delivered = sendTo(d.connectionId(), message);
        if (delivered > 0 && target != null) observe(message, target, null, 1);
      }
      case Envelope.SEND_TO_MANY -> {
        PreparedMessage message = new PreparedMessage(d.inner());
        for (String id : d.ids(Envelope.CONN_ID)) delivered += sendTo(id, message);
        observe(message, null, null, delivered);
      }
      case Envelope.SEND_TO_GROUP -> {
        PreparedMessage message = new PreparedMessage(d.inner());
        Set<String> except = Set.copyOf(d.ids(Envelope.EXCEPT));
        for (String id : m.groups.members(d.group())) {
          if (!except.contains(id)) delivered += sendTo(id, message);
        }
        observe(message, null, d.group(), delivered);
      }
      case Envelope.ADD_TO_GROUP -> {
        // A client that already left must not linger in the mirror.
        if (sessions.containsKey(d.connectionId()) && !d.args().isEmpty()) {
          m.groups.add(d.connectionId(), d.args().get(0).asString());
        }
      }
      case Envelope.REMOVE_FROM_GROUP -> {
        if (!d.args().isEmpty()) m.groups.remove(d.connectionId(), d.args().get(0).asString());
      }
      case Envelope.CLOSE -> {
        ClientSession s = sessions.get(d.connectionId());
        String error = d.args().isEmpty() || !d.args().get(0).isString() ? null : d.args().get(0).asString();
        if (s != null) s.connection().close(CloseReason.NORMAL, error);
      }
      default -> LOG.debug("[upstream {}#{}] ignored unknown op {}", m.pool().name(), m.index, d.op());
    }
    if (delivered > 0) metrics.delivered(delivered);
  }

  /** Shows what the proxy delivered to {@link #observe(ResponseMiddleware)}'s observer (the tap). */
  void observe(ResponseMiddleware observer) {
    this.observer = observer;
  }

  private void observe(PreparedMessage message, ClientSession single, String group, int recipients) {
    ResponseMiddleware o = observer;
    if (o == null || recipients == 0) return;
    InvocationMessage inner = (InvocationMessage) message.message();
    // Only view-model pushes ([vmId, vmData]) have the shape a response middleware expects.
    if (!"Response_VM".equals(inner.target()) || inner.arguments().size() != 1) return;
    JsonNode pair = inner.arguments().get(0);
    if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isString()) return;
    HubConnection connection = single == null ? null : single.connection();
    o.onResponse(new ResponseContext(pair.get(0).asString(), pair.get(1).asString(), connection, group, recipients,
        message));
  }

  private int sendTo(String connectionId, PreparedMessage message) {
    ClientSession s = connectionId == null ? null : sessions.get(connectionId);
    // A client that is closing is not delivered to, and must not count as delivered.
    return s != null && s.connection().send(message) ? 1 : 0;
  }
}
