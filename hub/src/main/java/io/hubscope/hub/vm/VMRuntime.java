package io.hubscope.hub.vm;

import io.hubscope.hub.cluster.HubCluster;
import io.hubscope.hub.cluster.SharedMember;
import io.hubscope.hub.connection.ConnectionInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The view-model side of a hub, one per hub: the hub calls it for {@code Request_VM},
 * {@code Update_VM}, {@code Dispose_VM} and disconnects; view models answer through the
 * {@link VMResponder}. Transport-independent and thread-safe; no call waits on another connection
 * (per-view-model locks are held only to read or change state, never while calling the responder).
 *
 * <p>Errors: a failed request or update throws {@link VMException} after the runtime has sent the
 * client the error response ({@code {"ExceptionType":..,"Message":..}} for that vmId); the hub only
 * completes the invocation with the exception's message. The connection stays usable.
 *
 * <p>Responses may be sent from another thread shortly after a call returns (when that thread is
 * already sending for the same view model), so a completion can reach the client before them.
 */
public final class VMRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VMRuntime.class);

  /** What {@link #updateHeldAsync} answers when the connection does not hold the view model. */
  public static final CompletionStage<Void> NOT_HELD = CompletableFuture.completedStage(null);

  private final Map<String, ConnectionVMs> connections = new ConcurrentHashMap<>();
  private final VMRegistry registry;
  private final VMInstances instances;
  private final VMResponder responder;
  private final VMDirectory directory;
  private final ScheduledExecutorService ownedScheduler;
  /** Null on a single server: then no cluster code runs on any call. Set before the hub serves. */
  private ClusteredVMs clustered;

  /** @param scheduler runs view-model timers ({@link BaseVM#schedule}); size it for the work they do */
  public VMRuntime(VMRegistry registry, VMResponder responder, ScheduledExecutorService scheduler) {
    this(registry, responder, scheduler, null);
  }

  /**
   * A runtime with its own timer threads, one per core (timers push, and one thread caps every
   * timer-driven push at one core), shut down by {@link #close()}.
   */
  public VMRuntime(VMRegistry registry, VMResponder responder) {
    this(registry, responder, null, Executors.newScheduledThreadPool(Runtime.getRuntime().availableProcessors(),
        runnable -> {
          Thread thread = new Thread(runnable, "hubscope-vm-timer");
          thread.setDaemon(true);
          return thread;
        }));
  }

  private VMRuntime(VMRegistry registry, VMResponder responder, ScheduledExecutorService scheduler,
      ScheduledExecutorService owned) {
    if (registry == null) throw new IllegalArgumentException("registry == null");
    if (responder == null) throw new IllegalArgumentException("responder == null");
    ScheduledExecutorService timers = scheduler != null ? scheduler : owned;
    if (timers == null) throw new IllegalArgumentException("scheduler == null");
    this.registry = registry;
    this.responder = responder;
    this.ownedScheduler = owned;
    this.instances = new VMInstances(registry, responder, timers);
    this.directory = new VMDirectory(connections, instances);
  }

  /**
   * {@code Request_VM(vmId, {"$vmArg":{..},"$headers":{..}})}: creates (or joins) the view model,
   * applies {@code $vmArg} and sends the full state. A view model the connection already holds just
   * gets its full state sent again.
   *
   * @param items the connection's items (shared with the hub's middlewares; may be null)
   */
  public void request(ConnectionInfo connection, Map<String, Object> items, String vmId, JsonNode data) {
    requestAsync(connection, items, vmId, data);
  }

  /**
   * As {@link #request}; returns null when done, or the stage of a shared view model that the
   * cluster runs (possibly on another server), which fails as the call does.
   */
  public CompletionStage<Void> requestAsync(ConnectionInfo connection, Map<String, Object> items, String vmId,
      JsonNode data) {
    ClusteredVMs cluster = clustered;
    ConnectionVMs conn = connections.computeIfAbsent(connection.id(),
        id -> new ConnectionVMs(connection, items, cluster != null));
    try {
      LiveVM held = conn.vms.get(vmId);
      if (held != null) {
        held.sendFullState(connection.id(), false);
        return null;
      }
      JsonNode vmArg = data == null ? null : data.get("$vmArg");
      JsonNode headers = data == null ? null : data.get("$headers");
      if (cluster != null) {
        SharedMember standIn = conn.shared.get(vmId);
        if (standIn != null) return cluster.join(conn, standIn, false);
        SharedMember member = cluster.memberFor(conn, vmId, vmArg, headers);
        if (member != null) return cluster.join(conn, member, true);
      }
      open(conn, vmId, vmArg, headers, true);
      return null;
    } catch (RuntimeException e) {
      VMException error = VMException.of(e);
      log.debug("{} Request_VM {} failed: {}", connection.id(), vmId, error.getMessage());
      responder.respond(connection.id(), vmId, error.toVmData());
      throw error;
    }
  }

  /**
   * {@code Update_VM(vmId, {"Prop": v, "Sub.Prop": v, "List.$key.Prop": v, "Command": arg})}: sets
   * the properties, runs the commands and sends the caller what changed beyond its own input (other
   * multicast members get its input too). A view model the connection does not hold (expired,
   * server restarted) is recreated first, as dotNetify does.
   */
  public void update(ConnectionInfo connection, String vmId, JsonNode data) {
    updateAsync(connection, vmId, data);
  }

  /** As {@link #update}; returns null when done, or the stage of a shared view model the cluster runs. */
  public CompletionStage<Void> updateAsync(ConnectionInfo connection, String vmId, JsonNode data) {
    CompletionStage<Void> held = updateHeldAsync(connection, vmId, data);
    if (held != NOT_HELD) return held;
    ConnectionVMs conn = connections.get(connection.id());
    CompletionStage<Void> requested = requestAsync(connection, conn == null ? null : conn.items, vmId, null);
    conn = connections.get(connection.id());
    if (conn != null && conn.shared != null) {
      SharedMember standIn = conn.shared.get(vmId);
      // The cluster runs one server's calls in order, so the update can follow the request at once.
      if (standIn != null) return both(requested, clustered.update(conn, standIn, data));
    }
    LiveVM instance = conn == null ? null : conn.vms.get(vmId);
    if (instance == null) return requested;
    return apply(connection, instance, vmId, data);
  }

  /**
   * As {@link #updateAsync} for a view model the connection holds; {@link #NOT_HELD}, with nothing
   * done, when it holds none by that id (an update would recreate it: a limit may want to check first).
   */
  public CompletionStage<Void> updateHeldAsync(ConnectionInfo connection, String vmId, JsonNode data) {
    ConnectionVMs conn = connections.get(connection.id());
    if (conn == null) return NOT_HELD;
    if (conn.shared != null) {
      SharedMember held = conn.shared.get(vmId);
      if (held != null) return clustered.update(conn, held, data);
    }
    LiveVM instance = conn.vms.get(vmId);
    return instance == null ? NOT_HELD : apply(connection, instance, vmId, data);
  }

  private CompletionStage<Void> apply(ConnectionInfo connection, LiveVM instance, String vmId, JsonNode data) {
    VMContext caller = instance.member(connection.id());
    ChangeSet clientInput = instance.isShared() ? new ChangeSet() : null;
    try {
      UpdateApplier.apply(instance.vm, data, caller, clientInput);
    } catch (RuntimeException e) {
      VMException error = VMException.of(e);
      log.debug("{} Update_VM {} failed: {}", connection.id(), vmId, error.getMessage());
      // Whatever was applied before the failure still reaches the clients, then the error.
      instance.afterUpdate(connection.id(), clientInput);
      instance.sendError(connection.id(), error);
      throw error;
    }
    instance.afterUpdate(connection.id(), clientInput);
    return null;
  }

  /** {@code Dispose_VM(vmId)}: releases the view model and its sub view models; unknown ids are ignored. */
  public void dispose(String connectionId, String vmId) {
    ConnectionVMs conn = connections.get(connectionId);
    if (conn == null || vmId == null) return;
    if (conn.shared != null) clustered.leave(conn, vmId);
    List<String> ids = conn.vms.keySet().stream()
        .filter(id -> id.equals(vmId) || id.startsWith(vmId + "."))
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
    for (String id : ids) {
      LiveVM instance = conn.vms.remove(id);
      if (instance == null) continue;
      int dot = id.lastIndexOf('.');
      LiveVM master = dot < 0 ? null : conn.vms.get(id.substring(0, dot));
      if (master != null) {
        try {
          master.vm.onSubVMDisposing(instance.vm);
        } catch (RuntimeException e) {
          log.warn("{} {} onSubVMDisposing failed", connectionId, master.vmId, e);
        }
      }
      instances.release(instance, connectionId);
    }
  }

  /** The connection is gone: releases every view model it held. */
  public void disconnect(String connectionId) {
    ConnectionVMs conn = connections.remove(connectionId);
    if (conn == null) return;
    conn.closed = true;
    if (conn.shared != null) clustered.leaveAll(conn);
    releaseAll(conn);
  }

  /** What this runtime holds, read-only: counts, and which connection holds which view model. */
  public VMDirectory directory() {
    return directory;
  }

  /**
   * Shares this runtime's top-level multicast view models through {@code cluster}; the hub calls it
   * once, before it serves (the responder it gave the runtime must already route to remote members).
   * Returns what the cluster calls on the server that owns a shared view model.
   */
  public SharedViewModels cluster(HubCluster cluster) {
    if (cluster == null) throw new IllegalArgumentException("cluster == null");
    if (clustered != null || !connections.isEmpty()) throw new IllegalStateException("cluster must be set once, before serving");
    this.clustered = new ClusteredVMs(cluster, registry, instances, responder);
    return clustered;
  }

  private static CompletionStage<Void> both(CompletionStage<Void> first, CompletionStage<Void> second) {
    if (first == null) return second;
    return CompletableFuture.allOf(first.toCompletableFuture(), second.toCompletableFuture());
  }

  /** Disposes every view model and stops the scheduler this runtime created. */
  @Override
  public void close() {
    for (String connectionId : List.copyOf(connections.keySet())) disconnect(connectionId);
    instances.disposeShared();
    if (ownedScheduler != null) ownedScheduler.shutdownNow();
  }

  private LiveVM open(ConnectionVMs conn, String vmId, JsonNode vmArg, JsonNode headers, boolean announce) {
    VMId id = VMId.parse(vmId);
    BaseVM master = null;
    if (id.masterId() != null) {
      LiveVM held = conn.vms.get(id.masterId());
      master = (held != null ? held : open(conn, id.masterId(), null, headers, false)).vm;
    }
    VMContext context = new VMContext(conn.info, vmId, id.typeName(), id.instanceId(), vmArg, headers, conn.items);
    LiveVM instance = instances.acquire(context, master);
    conn.vms.put(vmId, instance);
    if (conn.closed) {
      // Disconnected meanwhile: whoever removes the entry releases it.
      if (conn.vms.remove(vmId, instance)) instances.release(instance, conn.info.id());
      return instance;
    }
    if (!announce) return instance;
    try {
      // vmArg values are ordinary changes here: a multicast instance passes them on to the others.
      UpdateApplier.apply(instance.vm, context.vmArg(), context, instance.vm.pending);
      instance.sendFullState(conn.info.id(), true);
    } catch (RuntimeException e) {
      if (conn.vms.remove(vmId, instance)) instances.release(instance, conn.info.id());
      throw e;
    }
    return instance;
  }

  private void releaseAll(ConnectionVMs conn) {
    List<String> ids = conn.vms.keySet().stream()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
    for (String id : ids) {
      LiveVM instance = conn.vms.remove(id);
      if (instance != null) instances.release(instance, conn.info.id());
    }
  }
}
