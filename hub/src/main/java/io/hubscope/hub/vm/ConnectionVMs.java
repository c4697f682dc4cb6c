package io.hubscope.hub.vm;

import io.hubscope.hub.connection.ConnectionInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The view models one connection holds, by the ids it requested them with. */
final class ConnectionVMs {

  final ConnectionInfo info;
  final Map<String, Object> items;
  final Map<String, LiveVM> vms = new ConcurrentHashMap<>();
  /** Set on disconnect: a request racing with it releases what it just added. */
  volatile boolean closed;

  ConnectionVMs(ConnectionInfo info, Map<String, Object> items) {
    this.info = info;
    this.items = items != null ? items : new ConcurrentHashMap<>();
  }
}
