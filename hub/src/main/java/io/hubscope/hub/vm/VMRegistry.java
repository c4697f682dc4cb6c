package io.hubscope.hub.vm;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * View-model types by the name clients request them with ({@code Request_VM("HelloWorld", ..)}).
 *
 * <pre>{@code
 * registry.register("HelloWorld", HelloWorld::new)
 *     .register("Echo", ctx -> new EchoVM(ctx.connectionId()))
 *     .registerMulticast("ChatRoom", ctx -> (String) ctx.items().get("ChatRoom"), ChatRoomVM::new);
 * }</pre>
 *
 * Register at startup; lookups are thread-safe.
 */
public final class VMRegistry {

  /** How to create one type; {@code groupName} is null for a private (per-connection) type. */
  record Registration(
      String typeName,
      Function<VMContext, ? extends BaseVM> factory,
      boolean multicast,
      Function<VMContext, String> groupName) {

    BaseVM create(VMContext context) {
      BaseVM vm = factory.apply(context);
      if (vm == null) throw new IllegalStateException("factory of " + typeName + " returned null");
      return vm;
    }
  }

  private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

  /** A per-connection type created without arguments. */
  public VMRegistry register(String typeName, Supplier<? extends BaseVM> factory) {
    return register(typeName, context -> factory.get());
  }

  /** A per-connection type created from the request context (connection, instance id, vmArg..). */
  public VMRegistry register(String typeName, Function<VMContext, ? extends BaseVM> factory) {
    return add(new Registration(typeName, factory, false, context -> null));
  }

  /** A multicast type without a group name: shared per view-model id, in an internal hub group. */
  public VMRegistry registerMulticast(String typeName, Supplier<? extends MulticastVM> factory) {
    return registerMulticast(typeName, context -> null, context -> factory.get());
  }

  /**
   * A multicast type shared per view-model id and group name. {@code groupName} sees the joining
   * request (e.g. a chat room in the connection items) and may return null for the default group
   * {@code $vm:<vmId>}; a named group is the hub group the members join.
   */
  public VMRegistry registerMulticast(
      String typeName,
      Function<VMContext, String> groupName,
      Function<VMContext, ? extends MulticastVM> factory) {
    return add(new Registration(typeName, factory, true, groupName));
  }

  public boolean contains(String typeName) {
    return registrations.containsKey(typeName);
  }

  public Set<String> typeNames() {
    return Set.copyOf(registrations.keySet());
  }

  Registration find(String typeName) {
    return registrations.get(typeName);
  }

  private VMRegistry add(Registration registration) {
    String name = registration.typeName();
    if (name == null || name.isEmpty() || name.indexOf('.') >= 0 || name.indexOf('$') >= 0) {
      throw new IllegalArgumentException("invalid view-model type name: " + name);
    }
    if (registration.factory() == null) throw new IllegalArgumentException("factory == null for " + name);
    if (registrations.putIfAbsent(name, registration) != null) {
      throw new IllegalArgumentException(name + " is already registered");
    }
    return this;
  }
}
