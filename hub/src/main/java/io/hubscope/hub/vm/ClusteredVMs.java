package io.hubscope.hub.vm;

import io.hubscope.hub.cluster.ClusterUnavailableException;
import io.hubscope.hub.cluster.HubCluster;
import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.cluster.SharedMember;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.JsonNode;

/**
 * The runtime's side of a {@link HubCluster}: top-level multicast view models are shared through
 * it. A connection here holds a stand-in for each (its request arguments, in
 * {@link ConnectionVMs#shared}) and its calls go to the cluster, which runs them on the owner
 * server; when this server is the owner the cluster calls the {@code host*} methods, which run
 * them on the real instance, for members on any server alike.
 */
final class ClusteredVMs implements SharedViewModels {

  private final HubCluster cluster;
  private final VMRegistry registry;
  private final VMInstances instances;
  private final VMResponder responder;

  ClusteredVMs(HubCluster cluster, VMRegistry registry, VMInstances instances, VMResponder responder) {
    this.cluster = cluster;
    this.registry = registry;
    this.instances = instances;
    this.responder = responder;
  }

  /**
   * The membership a request becomes when it is for a top-level multicast type; null when it stays
   * local (private types, and sub view models, which live with their master).
   */
  SharedMember memberFor(ConnectionVMs conn, String vmId, JsonNode vmArg, JsonNode headers) {
    VMId id = VMId.parse(vmId);
    if (id.masterId() != null) return null;
    VMRegistry.Registration registration = registry.find(id.typeName());
    if (registration == null || !registration.multicast()) return null;
    VMContext context = new VMContext(conn.info, vmId, id.typeName(), id.instanceId(), vmArg, headers, conn.items);
    // The group is named here, where the connection's items are; the owner only gets the name.
    SharedKey key = new SharedKey(vmId, VMInstances.groupOf(registration, context));
    return new SharedMember(key, conn.info, context.vmArg(), context.headers(), conn.items);
  }

  /** Joins (or, when {@code first} is false, re-requests) through the cluster. */
  CompletionStage<Void> join(ConnectionVMs conn, SharedMember member, boolean first) {
    String vmId = member.key().vmId();
    if (first) conn.shared.put(vmId, member);
    return watch(conn.info.id(), vmId, call(() -> cluster.join(member))).whenComplete((ok, error) -> {
      if (error != null && first) conn.shared.remove(vmId, member);
    });
  }

  CompletionStage<Void> update(ConnectionVMs conn, SharedMember member, JsonNode data) {
    return watch(conn.info.id(), member.key().vmId(), call(() -> cluster.update(member, data)));
  }

  void leave(ConnectionVMs conn, String vmId) {
    SharedMember member = conn.shared.remove(vmId);
    if (member != null) cluster.leave(member.key(), conn.info.id());
  }

  void leaveAll(ConnectionVMs conn) {
    for (String vmId : conn.shared.keySet()) leave(conn, vmId);
  }

  @Override
  public void hostJoin(SharedMember member) {
    String vmId = member.key().vmId();
    String connectionId = member.connectionId();
    try {
      VMId id = VMId.parse(vmId);
      VMRegistry.Registration registration = registry.find(id.typeName());
      if (registration == null || !registration.multicast()) throw new UnknownVMTypeException(vmId);
      LiveVM existing = instances.shared(keyOf(member.key()));
      if (existing != null && existing.members.containsKey(connectionId)) {
        existing.sendFullState(connectionId, false);
        return;
      }
      VMContext context = new VMContext(member.connection(), vmId, id.typeName(), id.instanceId(),
          member.vmArg(), member.headers(), member.items());
      LiveVM instance = instances.join(registration, context, member.key().group());
      try {
        UpdateApplier.apply(instance.vm, context.vmArg(), context, instance.vm.pending);
        instance.sendFullState(connectionId, true);
      } catch (RuntimeException e) {
        instances.release(instance, connectionId);
        throw e;
      }
    } catch (RuntimeException e) {
      VMException error = VMException.of(e);
      responder.respond(connectionId, vmId, error.toVmData());
      throw error;
    }
  }

  @Override
  public void hostUpdate(SharedMember member, JsonNode data) {
    String connectionId = member.connectionId();
    LiveVM instance = instances.shared(keyOf(member.key()));
    if (instance == null || !instance.members.containsKey(connectionId)) {
      hostJoin(member);
      instance = instances.shared(keyOf(member.key()));
      if (instance == null) return;
    }
    VMContext caller = instance.members.get(connectionId);
    ChangeSet clientInput = new ChangeSet();
    try {
      UpdateApplier.apply(instance.vm, data, caller, clientInput);
    } catch (RuntimeException e) {
      VMException error = VMException.of(e);
      instance.afterUpdate(connectionId, clientInput);
      instance.sendError(connectionId, error);
      throw error;
    }
    instance.afterUpdate(connectionId, clientInput);
  }

  @Override
  public void hostLeave(SharedKey key, String connectionId) {
    LiveVM instance = instances.shared(keyOf(key));
    if (instance != null) instances.release(instance, connectionId);
  }

  @Override
  public void hostDrop(SharedKey key) {
    instances.drop(keyOf(key));
  }

  /** Cluster failures reach the member as the error response; view-model errors already did. */
  private CompletionStage<Void> watch(String connectionId, String vmId, CompletionStage<Void> stage) {
    return stage.whenComplete((ok, error) -> {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof ClusterUnavailableException unavailable) {
        responder.respond(connectionId, vmId, unavailable.toVmData());
      }
    });
  }

  private static CompletionStage<Void> call(java.util.function.Supplier<CompletionStage<Void>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static LiveVM.SharedKey keyOf(SharedKey key) {
    return new LiveVM.SharedKey(key.vmId(), key.group());
  }
}
