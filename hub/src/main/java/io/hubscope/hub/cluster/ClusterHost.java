package io.hubscope.hub.cluster;

import io.hubscope.hub.protocol.InvocationMessage;
import java.util.Collection;
import tools.jackson.databind.JsonNode;

/**
 * What a hub offers its {@link HubCluster}: run members' calls on the real view model when this
 * server owns it, and deliver what an owner sends to connections on this server.
 */
public interface ClusterHost {

  /**
   * Joins {@code member} to the instance here (created when absent) and sends it the full state;
   * a member that already joined just gets the full state again.
   *
   * @throws io.hubscope.hub.vm.VMException after the member got the error response
   */
  void hostJoin(SharedMember member);

  /** Applies a member's update (joining it first when it is not a member, as dotNetify does). */
  void hostUpdate(SharedMember member, JsonNode data);

  /** The member left; the instance is disposed with its last member. */
  void hostLeave(SharedKey key, String connectionId);

  /** This server is no longer the owner: disposes the instance here (stops its timers). */
  void hostDrop(SharedKey key);

  /** Delivers to a connection on this server. */
  void respondHere(String connectionId, String vmId, String vmData);

  void addToGroupHere(String connectionId, String group);

  void removeFromGroupHere(String connectionId, String group);

  /** Delivers a view model's group push to this server's members of {@code group}. */
  void respondToGroupHere(String group, String vmId, String vmData, Collection<String> excluded);

  /** Delivers an application group send to this server's members of {@code group}. */
  void sendToGroupHere(String group, Collection<String> excluded, InvocationMessage message);
}
