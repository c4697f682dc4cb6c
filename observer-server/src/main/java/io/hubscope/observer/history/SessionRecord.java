package io.hubscope.observer.history;

import io.hubscope.observer.connections.ConnectionState;
import io.hubscope.observer.connections.ConnectionView;

/** A closed connection session as stored in the history. */
public record SessionRecord(
    String id, String node, String ip, int port, String userAgent, String transport,
    String protocol, long openedAt, long closedAt, String closeReason, String error,
    long msgsIn, long msgsOut, long bytesIn, long bytesOut, String viewModels) {

  static SessionRecord of(ConnectionState c) {
    ConnectionView v = c.view();
    return new SessionRecord(v.id(), v.node(), v.ip(), v.port(), v.userAgent(), v.transport(),
        v.protocol(), v.openedAt(), v.closedAt() == null ? v.openedAt() : v.closedAt(),
        v.closeReason(), c.error(), v.msgsIn(), v.msgsOut(), v.bytesIn(), v.bytesOut(),
        String.join(",", v.viewModels()));
  }
}
