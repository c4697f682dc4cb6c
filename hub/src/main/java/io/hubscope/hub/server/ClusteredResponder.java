package io.hubscope.hub.server;

import io.hubscope.hub.cluster.HubCluster;
import io.hubscope.hub.vm.VMResponder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The responder view models send through when the hub is clustered: members on this server are
 * answered here, members on other servers through the cluster, and a group push goes to both.
 */
final class ClusteredResponder implements VMResponder {

  private final HubResponder local;
  private final HubCluster cluster;

  ClusteredResponder(HubResponder local, HubCluster cluster) {
    this.local = local;
    this.cluster = cluster;
  }

  @Override
  public void respond(String connectionId, String vmId, String vmData) {
    if (cluster.isRemote(connectionId)) cluster.respond(connectionId, vmId, vmData);
    else local.respond(connectionId, vmId, vmData);
  }

  @Override
  public void respondToMany(Collection<String> connectionIds, String vmId, String vmData) {
    List<String> here = new ArrayList<>(connectionIds.size());
    for (String id : connectionIds) {
      if (cluster.isRemote(id)) cluster.respond(id, vmId, vmData);
      else here.add(id);
    }
    if (!here.isEmpty()) local.respondToMany(here, vmId, vmData);
  }

  @Override
  public void respondToGroup(String group, String vmId, String vmData, Collection<String> excluded) {
    local.respondToGroupHere(group, vmId, vmData, excluded);
    cluster.groupPush(group, vmId, vmData, excluded == null ? List.of() : excluded);
  }

  @Override
  public void addToGroup(String connectionId, String group) {
    if (cluster.isRemote(connectionId)) cluster.addToGroup(connectionId, group);
    else local.addToGroup(connectionId, group);
  }

  @Override
  public void removeFromGroup(String connectionId, String group) {
    if (cluster.isRemote(connectionId)) cluster.removeFromGroup(connectionId, group);
    else local.removeFromGroup(connectionId, group);
  }
}
