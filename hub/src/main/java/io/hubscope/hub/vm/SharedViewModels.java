package io.hubscope.hub.vm;

import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.cluster.SharedMember;
import tools.jackson.databind.JsonNode;

/**
 * The owner's side of a clustered runtime: what the cluster asks of the server that runs a shared
 * view model for members anywhere in the cluster (see {@link io.hubscope.hub.cluster.ClusterHost}).
 * {@link VMRuntime#cluster} returns it.
 */
public interface SharedViewModels {

  /** A member (here or on another server) joins the shared view model this server runs. */
  void hostJoin(SharedMember member);

  /** A member's update, applied to the shared view model this server runs. */
  void hostUpdate(SharedMember member, JsonNode data);

  /** A member leaves. */
  void hostLeave(SharedKey key, String connectionId);

  /** This server no longer owns {@code key}: the view model stops here. */
  void hostDrop(SharedKey key);
}
