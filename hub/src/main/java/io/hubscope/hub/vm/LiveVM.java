package io.hubscope.hub.vm;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A view-model instance bound to the runtime: where its responses go and in which order. A private
 * instance answers its one owner connection; a shared (multicast) instance answers a hub group of
 * members. Every response is serialized under the view model's lock and queued in its
 * {@link Outbox}, so pushes from any thread reach each client in state order.
 */
final class LiveVM {

  private static final Logger log = LoggerFactory.getLogger(LiveVM.class);

  /** Identifies a shared instance: one per view-model id and hub group. */
  record SharedKey(String vmId, String group) {}

  final BaseVM vm;
  final String vmId;
  /** The hub group of a shared instance; null for a private one. */
  final String group;
  final SharedKey key;
  /** Connection id to that member's request context; exactly the owner for a private instance. */
  final Map<String, VMContext> members = new ConcurrentHashMap<>();
  /** The owner's request context (also in {@link #members}); null for a shared instance. */
  private final VMContext owner;
  private final VMResponder responder;
  private final Outbox outbox = new Outbox();
  /**
   * Whether the client(s) got the full state. A private instance pushes nothing before its owner
   * has it (a timer or {@code onCreated} may change it first: those changes are in that state, and a
   * push ahead of it would deliver them twice); a master created implicitly for its sub view model
   * stays silent until the client requests it.
   */
  private volatile boolean announced;

  private LiveVM(BaseVM vm, String vmId, String group, VMContext owner, VMResponder responder, boolean announced) {
    this.vm = vm;
    this.vmId = vmId;
    this.group = group;
    this.key = group == null ? null : new SharedKey(vmId, group);
    this.owner = owner;
    this.responder = responder;
    this.announced = announced;
  }

  static LiveVM owned(BaseVM vm, VMContext owner, VMResponder responder) {
    LiveVM live = new LiveVM(vm, owner.vmId(), null, owner, responder, false);
    live.members.put(owner.connectionId(), owner);
    return live;
  }

  static LiveVM shared(BaseVM vm, String vmId, String group, VMResponder responder) {
    return new LiveVM(vm, vmId, group, null, responder, true);
  }

  boolean isShared() {
    return group != null;
  }

  /** The member's request context, or null when it is not a member; the owner's without a lookup. */
  VMContext member(String connectionId) {
    return owner != null && owner.connectionId().equals(connectionId) ? owner : members.get(connectionId);
  }

  Set<String> memberIds() {
    return members.keySet();
  }

  /** Sends pending changes to the owner or the whole group. */
  void push() {
    synchronized (vm.lock) {
      if (vm.isDisposed() || !announced) return;
      Map<String, Object> changes = vm.pending.drain();
      if (changes.isEmpty()) return;
      queueToAll(VMJson.write(changes), List.of());
    }
    outbox.drain();
  }

  /**
   * Answers a request with the full state. A joining multicast member is added to the group only
   * after the others got the changes made so far (which its full state already contains).
   */
  void sendFullState(String connectionId, boolean joining) {
    synchronized (vm.lock) {
      Map<String, Object> changes = vm.pending.drain();
      if (isShared() && !changes.isEmpty()) queueToAll(VMJson.write(changes), List.of(connectionId));
      if (isShared() && joining) outbox.add(() -> responder.addToGroup(connectionId, group));
      String state = VMJson.write(vm.fullState());
      announced = true;
      outbox.add(() -> responder.respond(connectionId, vmId, state));
    }
    outbox.drain();
  }

  /**
   * After a client update: the caller gets what changed beyond its own input; other members of a
   * shared instance get its input too ({@code clientInput}) plus the same changes.
   */
  void afterUpdate(String callerId, ChangeSet clientInput) {
    synchronized (vm.lock) {
      if (vm.isDisposed()) return;
      Map<String, Object> changes = vm.pending.drain();
      if (isShared()) {
        Map<String, Object> forOthers = new java.util.LinkedHashMap<>(clientInput.drain());
        forOthers.putAll(changes);
        if (!forOthers.isEmpty()) queueToAll(VMJson.write(forOthers), List.of(callerId));
      }
      if (!changes.isEmpty()) {
        String data = VMJson.write(changes);
        outbox.add(() -> responder.respond(callerId, vmId, data));
      }
    }
    outbox.drain();
  }

  /** Sends one property to the given connections only. */
  void send(Collection<String> connectionIds, String propertyName, Object value) {
    List<String> targets = List.copyOf(connectionIds);
    if (targets.isEmpty()) return;
    synchronized (vm.lock) {
      if (vm.isDisposed()) return;
      String data = VMJson.write(Map.of(propertyName, value));
      outbox.add(() -> responder.respondToMany(targets, vmId, data));
    }
    outbox.drain();
  }

  void sendError(String connectionId, VMException error) {
    String data = error.toVmData();
    synchronized (vm.lock) {
      outbox.add(() -> responder.respond(connectionId, vmId, data));
    }
    outbox.drain();
  }

  /** A member left a shared instance: it leaves the group after whatever was queued for it. */
  void left(String connectionId) {
    synchronized (vm.lock) {
      outbox.add(() -> responder.removeFromGroup(connectionId, group));
    }
    outbox.drain();
    if (vm instanceof MulticastVM multicast) {
      try {
        multicast.onMemberLeft(connectionId);
      } catch (RuntimeException e) {
        log.warn("{} onMemberLeft failed for {}", vmId, connectionId, e);
      }
    }
  }

  /** Disposes the view model; true for the call that did it. */
  boolean dispose() {
    try {
      return vm.dispose();
    } catch (RuntimeException e) {
      log.warn("{} onDispose failed", vmId, e);
      return true;
    }
  }

  private void queueToAll(String data, List<String> excluded) {
    if (isShared()) outbox.add(() -> responder.respondToGroup(group, vmId, data, excluded));
    else outbox.add(() -> responder.respond(owner.connectionId(), vmId, data));
  }
}
