package io.hubscope.forward.receiver;

import io.hubscope.forward.envelope.Envelope;
import io.hubscope.hub.connection.PooledConnection;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.protocol.InvocationMessage;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pooled connection from a proxy, seen from the app server: the logical connections that came
 * over it, and the way back to them. Every message for those clients goes down this one pooled
 * connection, so a client's messages keep their order, and a group send crosses it once.
 */
public final class InboundPooledConnection implements PooledConnection {

  private final HubConnection pooled;
  private final Map<String, LogicalConnection> logicals = new ConcurrentHashMap<>();
  private volatile String nodeId;
  private volatile boolean closed;

  InboundPooledConnection(HubConnection pooled) {
    this.pooled = pooled;
  }

  /** The pooled connection's own id on this hub. */
  public String id() {
    return pooled.id();
  }

  /** The proxy process this link belongs to, once known. */
  public String nodeId() {
    return nodeId;
  }

  void nodeId(String nodeId) {
    if (nodeId != null && !nodeId.isEmpty()) this.nodeId = nodeId;
  }

  public int size() {
    return logicals.size();
  }

  LogicalConnection get(String connectionId) {
    return logicals.get(connectionId);
  }

  void put(LogicalConnection connection) {
    logicals.put(connection.id(), connection);
  }

  void remove(LogicalConnection connection) {
    logicals.remove(connection.id(), connection);
  }

  boolean isClosed() {
    return closed;
  }

  /** Marks the link gone and hands back what it held, for the receiver to detach. */
  List<LogicalConnection> markClosed() {
    closed = true;
    return List.copyOf(logicals.values());
  }

  void sendTo(String connectionId, PreparedMessage message) {
    if (!(message.message() instanceof InvocationMessage inner)) return;
    pooled.send(new PreparedMessage(Envelope.send(inner, connectionId)));
  }

  void close(String connectionId, String error) {
    pooled.send(new PreparedMessage(Envelope.close(connectionId, error)));
  }

  @Override
  public void sendToMany(Collection<String> connectionIds, PreparedMessage message) {
    if (!(message.message() instanceof InvocationMessage inner)) return;
    pooled.send(new PreparedMessage(Envelope.sendToMany(inner, connectionIds)));
  }

  @Override
  public void sendToGroup(String group, Collection<String> excludedConnectionIds, PreparedMessage message) {
    if (!(message.message() instanceof InvocationMessage inner)) return;
    pooled.send(new PreparedMessage(Envelope.sendToGroup(inner, group, excludedConnectionIds)));
  }

  @Override
  public void addToGroup(String connectionId, String group) {
    pooled.send(new PreparedMessage(Envelope.groupChange(true, connectionId, group)));
  }

  @Override
  public void removeFromGroup(String connectionId, String group) {
    pooled.send(new PreparedMessage(Envelope.groupChange(false, connectionId, group)));
  }
}
