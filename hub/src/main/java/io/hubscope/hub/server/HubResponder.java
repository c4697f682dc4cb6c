package io.hubscope.hub.server;

import io.hubscope.hub.connection.PooledConnection;
import io.hubscope.hub.connection.ConnectionRegistry;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.group.GroupManager;
import io.hubscope.hub.pipeline.CallType;
import io.hubscope.hub.pipeline.ResponseContext;
import io.hubscope.hub.pipeline.ResponseMiddleware;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.vm.VMResponder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Delivers view-model responses: wraps them in {@code Response_VM} with the single argument
 * {@code [vmId, vmData]}, shows each push once to the response middlewares, and sends it encoded
 * once per protocol.
 */
final class HubResponder implements VMResponder {

  private final ConnectionRegistry registry;
  private final GroupManager groups;
  private final ResponseMiddleware[] middlewares;

  HubResponder(ConnectionRegistry registry, GroupManager groups, List<ResponseMiddleware> middlewares) {
    this.registry = registry;
    this.groups = groups;
    this.middlewares = middlewares.toArray(ResponseMiddleware[]::new);
  }

  static PreparedMessage responseMessage(String vmId, String vmData) {
    ArrayNode arg = JsonNodeFactory.instance.arrayNode(2).add(vmId).add(vmData);
    return new PreparedMessage(new InvocationMessage(null, CallType.RESPONSE_VM.method(), List.<JsonNode>of(arg)));
  }

  @Override
  public void respond(String connectionId, String vmId, String vmData) {
    HubConnection connection = registry.get(connectionId);
    if (connection == null) return;
    PreparedMessage message = responseMessage(vmId, vmData);
    if (!observe(new ResponseContext(vmId, vmData, connection, null, 1, message))) return;
    connection.send(message);
  }

  @Override
  public void respondToMany(Collection<String> connectionIds, String vmId, String vmData) {
    PreparedMessage message = responseMessage(vmId, vmData);
    List<HubConnection> direct = new ArrayList<>(connectionIds.size());
    Map<PooledConnection, List<String>> viaLinks = new IdentityHashMap<>();
    for (String id : connectionIds) {
      HubConnection connection = registry.get(id);
      if (connection == null) continue;
      if (connection.pooledConnection() == null) direct.add(connection);
      else viaLinks.computeIfAbsent(connection.pooledConnection(), l -> new ArrayList<>()).add(id);
    }
    int recipients = direct.size() + viaLinks.values().stream().mapToInt(List::size).sum();
    if (recipients == 0) return;
    HubConnection single = recipients == 1 && !direct.isEmpty() ? direct.get(0) : null;
    if (!observe(new ResponseContext(vmId, vmData, single, null, recipients, message))) return;
    for (HubConnection connection : direct) connection.send(message);
    viaLinks.forEach((link, ids) -> link.sendToMany(ids, message));
  }

  @Override
  public void respondToGroup(String group, String vmId, String vmData, Collection<String> excluded) {
    respondToGroup(group, vmId, vmData, excluded, groups.relayed());
  }

  /** Delivers to this server's members of {@code group} only (a shared view model's push from its owner). */
  void respondToGroupHere(String group, String vmId, String vmData, Collection<String> excluded) {
    respondToGroup(group, vmId, vmData, excluded, false);
  }

  private void respondToGroup(String group, String vmId, String vmData, Collection<String> excluded, boolean relay) {
    PreparedMessage message = responseMessage(vmId, vmData);
    Collection<String> except = excluded == null ? List.of() : excluded;
    int recipients = groups.recipients(group, except);
    if (recipients == 0) {
      // Nobody here, but the group may have members on other servers.
      if (relay) groups.send(group, except, message);
      return;
    }
    if (!observe(new ResponseContext(vmId, vmData, null, group, recipients, message))) return;
    if (relay) groups.send(group, except, message);
    else groups.deliver(group, except, message);
  }

  @Override
  public void addToGroup(String connectionId, String group) {
    groups.addForViewModel(connectionId, group);
  }

  @Override
  public void removeFromGroup(String connectionId, String group) {
    groups.remove(connectionId, group);
  }

  private boolean observe(ResponseContext ctx) {
    for (ResponseMiddleware m : middlewares) {
      if (!m.onResponse(ctx)) return false;
    }
    return true;
  }
}
