package io.hubscope.hub.vm;

import io.hubscope.hub.cluster.SharedMember;
import io.hubscope.hub.connection.ConnectionInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The view models one connection holds, by the ids it requested them with. */
final class ConnectionVMs {

  final ConnectionInfo info;
  final Map<String, Object> items;
  final Map<String, LiveVM> vms = new ConcurrentHashMap<>();
  /** Stand-ins for shared view models run by the cluster, by vmId; null without a cluster. */
  final Map<String, SharedMember> shared;
  /** Set on disconnect: a request racing with it releases what it just added. */
  volatile boolean closed;

  ConnectionVMs(ConnectionInfo info, Map<String, Object> items, boolean clustered) {
    this.info = info;
    this.items = items != null ? items : new ConcurrentHashMap<>();
    this.shared = clustered ? new ConcurrentHashMap<>() : null;
  }

  int count() {
    return shared == null ? vms.size() : vms.size() + shared.size();
  }

  boolean holds(String vmId) {
    return vms.containsKey(vmId) || (shared != null && shared.containsKey(vmId));
  }
}
