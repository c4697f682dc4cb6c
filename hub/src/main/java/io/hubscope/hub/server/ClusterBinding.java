package io.hubscope.hub.server;

import io.hubscope.hub.cluster.ClusterHost;
import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.cluster.SharedMember;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.group.GroupManager;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.vm.SharedViewModels;
import java.util.Collection;
import tools.jackson.databind.JsonNode;

/** What a hub offers its cluster: its view-model runtime as owner, its connections as recipients. */
final class ClusterBinding implements ClusterHost {

  private final SharedViewModels runtime;
  private final HubResponder responder;
  private final GroupManager groups;

  ClusterBinding(SharedViewModels runtime, HubResponder responder, GroupManager groups) {
    this.runtime = runtime;
    this.responder = responder;
    this.groups = groups;
  }

  @Override
  public void hostJoin(SharedMember member) {
    runtime.hostJoin(member);
  }

  @Override
  public void hostUpdate(SharedMember member, JsonNode data) {
    runtime.hostUpdate(member, data);
  }

  @Override
  public void hostLeave(SharedKey key, String connectionId) {
    runtime.hostLeave(key, connectionId);
  }

  @Override
  public void hostDrop(SharedKey key) {
    runtime.hostDrop(key);
  }

  @Override
  public void respondHere(String connectionId, String vmId, String vmData) {
    responder.respond(connectionId, vmId, vmData);
  }

  @Override
  public void addToGroupHere(String connectionId, String group) {
    groups.addForViewModel(connectionId, group);
  }

  @Override
  public void removeFromGroupHere(String connectionId, String group) {
    groups.remove(connectionId, group);
  }

  @Override
  public void respondToGroupHere(String group, String vmId, String vmData, Collection<String> excluded) {
    responder.respondToGroupHere(group, vmId, vmData, excluded);
  }

  @Override
  public void sendToGroupHere(String group, Collection<String> excluded, InvocationMessage message) {
    groups.deliver(group, excluded, new PreparedMessage(message));
  }
}
