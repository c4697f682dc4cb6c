package io.hubscope.hub.vm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates view-model instances (from a master or the registry), shares multicast ones and counts
 * every live instance. Joining and leaving a shared instance are atomic per key, so a connection
 * never joins an instance that its last member is disposing.
 */
final class VMInstances {

  private static final Logger log = LoggerFactory.getLogger(VMInstances.class);

  private final VMRegistry registry;
  private final VMResponder responder;
  private final ScheduledExecutorService scheduler;
  private final Map<LiveVM.SharedKey, LiveVM> shared = new ConcurrentHashMap<>();
  private final AtomicInteger live = new AtomicInteger();

  VMInstances(VMRegistry registry, VMResponder responder, ScheduledExecutorService scheduler) {
    this.registry = registry;
    this.responder = responder;
    this.scheduler = scheduler;
  }

  /**
   * The instance for {@code context}: provided by {@code master} when it wants to, else created
   * from the registry, or joined when the type is multicast.
   */
  LiveVM acquire(VMContext context, BaseVM master) {
    BaseVM provided = master == null ? null : master.createSubVM(context.typeName(), context.instanceId());
    LiveVM instance;
    if (provided != null) {
      instance = attachOwned(provided, context);
    } else {
      VMRegistry.Registration registration = registry.find(context.typeName());
      if (registration == null) throw new UnknownVMTypeException(context.vmId());
      instance = registration.multicast()
          ? join(registration, context, groupOf(registration, context))
          : attachOwned(registration.create(context), context);
    }
    if (master != null) {
      try {
        master.onSubVMCreated(instance.vm);
      } catch (RuntimeException e) {
        release(instance, context.connectionId());
        throw e;
      }
    }
    return instance;
  }

  /** Drops the connection from the instance; disposes it when private or when it was the last member. */
  void release(LiveVM instance, String connectionId) {
    if (!instance.isShared()) {
      if (instance.dispose()) live.decrementAndGet();
      return;
    }
    boolean[] removed = new boolean[1];
    boolean[] last = new boolean[1];
    shared.computeIfPresent(instance.key, (key, current) -> {
      if (current != instance) return current;
      removed[0] = instance.members.remove(connectionId) != null;
      last[0] = instance.members.isEmpty();
      return last[0] ? null : current;
    });
    if (removed[0]) instance.left(connectionId);
    if (last[0] && instance.dispose()) live.decrementAndGet();
  }

  int liveCount() {
    return live.get();
  }

  int sharedCount() {
    return shared.size();
  }

  private LiveVM attachOwned(BaseVM vm, VMContext context) {
    LiveVM instance = LiveVM.owned(vm, context, responder);
    live.incrementAndGet();
    try {
      vm.attach(instance, scheduler);
    } catch (RuntimeException e) {
      release(instance, context.connectionId());
      throw e;
    }
    return instance;
  }

  /** The hub group a multicast request joins: the registration's name for it, or {@code $vm:<vmId>}. */
  static String groupOf(VMRegistry.Registration registration, VMContext context) {
    String named = registration.groupName().apply(context);
    return named != null && !named.isEmpty() ? named : "$vm:" + context.vmId();
  }

  /** The shared instance for {@code key}, or null. */
  LiveVM shared(LiveVM.SharedKey key) {
    return shared.get(key);
  }

  /** Disposes a shared instance without telling its members (they move to another server). */
  void drop(LiveVM.SharedKey key) {
    LiveVM instance = shared.remove(key);
    if (instance != null && instance.dispose()) live.decrementAndGet();
  }

  LiveVM join(VMRegistry.Registration registration, VMContext context, String group) {
    // Created, attached and joined inside compute: a second joiner waits for onCreated to finish.
    LiveVM instance = shared.compute(new LiveVM.SharedKey(context.vmId(), group), (key, existing) -> {
      if (existing != null) {
        existing.members.put(context.connectionId(), context);
        return existing;
      }
      BaseVM vm = registration.create(context);
      LiveVM created = LiveVM.shared(vm, context.vmId(), group, responder);
      created.members.put(context.connectionId(), context);
      live.incrementAndGet();
      try {
        vm.attach(created, scheduler);
      } catch (RuntimeException e) {
        if (created.dispose()) live.decrementAndGet();
        throw e;
      }
      return created;
    });
    if (instance.vm instanceof MulticastVM multicast) {
      try {
        multicast.onMemberJoined(context);
      } catch (RuntimeException e) {
        release(instance, context.connectionId());
        throw e;
      }
    }
    return instance;
  }

  /** Disposes every shared instance; used when the runtime closes. */
  void disposeShared() {
    for (LiveVM instance : shared.values()) {
      if (shared.remove(instance.key, instance) && instance.dispose()) live.decrementAndGet();
    }
    log.debug("disposed shared view models; {} still live", live.get());
  }
}
