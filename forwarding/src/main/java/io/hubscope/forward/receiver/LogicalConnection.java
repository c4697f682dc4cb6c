package io.hubscope.forward.receiver;

import io.hubscope.forward.envelope.OriginContext;
import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.connection.PooledConnection;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.connection.PreparedMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client held by a proxy, as the app server sees it: the client's own id, IP, port, user agent
 * and headers, so view models and middlewares treat it exactly as a direct client. What the hub
 * sends to it goes down the pooled connection it came over.
 */
public final class LogicalConnection implements HubConnection {

  private final ConnectionInfo info;
  private final OriginContext origin;
  private final InboundPooledConnection link;
  private final ForwardReceiver receiver;
  private final Map<String, Object> items = new ConcurrentHashMap<>();

  LogicalConnection(OriginContext origin, InboundPooledConnection link, ForwardReceiver receiver) {
    this.origin = origin;
    this.info = origin.toConnectionInfo();
    this.link = link;
    this.receiver = receiver;
  }

  @Override
  public ConnectionInfo info() {
    return info;
  }

  /** Where the client really is: its proxy node and when it connected there. */
  public OriginContext origin() {
    return origin;
  }

  @Override
  public Map<String, Object> items() {
    return items;
  }

  @Override
  public boolean send(PreparedMessage message) {
    // Handed to the client's proxy, which delivers it unless the client left meanwhile.
    link.sendTo(id(), message);
    return true;
  }

  /**
   * Closes the client on its proxy, unless the app server itself is going away or lost the link:
   * then only the logical connection ends, and the proxy keeps the client and re-homes it.
   */
  @Override
  public void close(CloseReason reason, String error) {
    if (reason != CloseReason.SERVER_SHUTDOWN && reason != CloseReason.UPSTREAM_LOST) link.close(id(), error);
    receiver.detach(this, reason, error);
  }

  @Override
  public PooledConnection pooledConnection() {
    return link;
  }

  InboundPooledConnection proxyLink() {
    return link;
  }
}
