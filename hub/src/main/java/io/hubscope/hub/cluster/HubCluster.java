package io.hubscope.hub.cluster;

import io.hubscope.hub.protocol.InvocationMessage;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.JsonNode;

/**
 * Shares multicast view models and groups between hub servers (set with
 * {@code HubServer.builder().cluster(..)}; without one the hub is a single server and calls none of
 * this). Each shared view model runs on one owner server; the others forward their members' calls
 * to it and deliver what it sends back.
 *
 * <p>The hub calls the member-side methods from any thread, event loops included: they must not
 * block. A failure the cluster detects completes the stage with a {@link ClusterUnavailableException}
 * (the hub then sends the member the error response); a view-model error completes it with the
 * {@link io.hubscope.hub.vm.VMException} the owner reported (the member already got its error response).
 */
public interface HubCluster extends AutoCloseable {

  /** Called once when the hub is built, before any other call. */
  void start(ClusterHost host);

  /** A connection on this server requests a shared view model (again); completes once the owner ran it. */
  CompletionStage<Void> join(SharedMember member);

  /** A member on this server updates a shared view model; completes once the owner ran it. */
  CompletionStage<Void> update(SharedMember member, JsonNode data);

  /** A member on this server disposed the view model or disconnected. */
  void leave(SharedKey key, String connectionId);

  /** Whether {@code connectionId} is a member on another server (its responses go there). */
  boolean isRemote(String connectionId);

  /** Sends a response to a member on another server. */
  void respond(String connectionId, String vmId, String vmData);

  void addToGroup(String connectionId, String group);

  void removeFromGroup(String connectionId, String group);

  /** A shared view model's push to its group: reaches the members on the other servers. */
  void groupPush(String group, String vmId, String vmData, Collection<String> excluded);

  /** An application group send on this server: reaches the group's members on the other servers. */
  void groupSent(String group, Collection<String> excluded, InvocationMessage message);

  /** Leaves gracefully: releases what this server owns. */
  @Override
  void close();
}
