package io.hubscope.hub.vm;

import java.time.Duration;
import java.lang.invoke.MethodType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/**
 * A server view model with dotNetify semantics. Declare properties, lists and commands in the
 * constructor; the runtime sends the full state when a client requests the view model and only the
 * changed properties afterwards:
 *
 * <pre>{@code
 * public final class HelloWorld extends BaseVM {
 *   private final Property<String> greeting = property("Greeting", "Hello");
 *   public HelloWorld() {
 *     command("Submit", Person.class, p -> greeting.set("Hello, " + p.firstName()));
 *   }
 * }
 * }</pre>
 *
 * <p>Threading: properties and lists are thread-safe, and {@link #pushUpdates()} may be called from
 * any thread (timers included). Command handlers run on the calling connection's thread without a
 * view-model-wide lock, so they may run concurrently with timers (and, for a multicast view model,
 * with other members' commands): keep extra state in thread-safe types.
 */
public abstract class BaseVM {

  /** Guards values, list items and change tracking; only ever held for short, non-blocking sections. */
  final Object lock = new Object();
  /** Changes not yet pushed; guarded by {@link #lock}. */
  final ChangeSet pending = new ChangeSet();

  /** Properties and lists in declaration order (the full state's order); guarded by {@link #lock}. */
  private final Map<String, Object> members = new LinkedHashMap<>();
  private final Map<String, Command> commands = new ConcurrentHashMap<>();
  private final VMTimers timers = new VMTimers();
  private final AtomicBoolean disposed = new AtomicBoolean();
  private volatile LiveVM binding;

  // ---- declarations -------------------------------------------------------------------------

  /** Declares a property whose type is its initial value's class. */
  protected final <T> Property<T> property(String name, T initialValue) {
    if (initialValue == null) {
      throw new IllegalArgumentException("initial value of " + name + " is null: pass its type");
    }
    return declare(name, VMJson.mapper().constructType(initialValue.getClass()), initialValue);
  }

  protected final <T> Property<T> property(String name, Class<T> type, T initialValue) {
    return declare(name, VMJson.mapper().constructType(type), initialValue);
  }

  /** For generic values the client may set, e.g. {@code new TypeReference<List<String>>() {}}. */
  protected final <T> Property<T> property(String name, TypeReference<T> type, T initialValue) {
    return declare(name, VMJson.mapper().constructType(type), initialValue);
  }

  /** Declares a keyed list; items are records (or beans) with a member named {@code itemKey}. */
  protected final <T> ListProperty<T> list(String name, String itemKey) {
    return list(name, null, itemKey, null);
  }

  /** As {@link #list(String, String)}; the item type lets the client replace the whole list. */
  protected final <T> ListProperty<T> list(String name, Class<T> itemType, String itemKey) {
    return list(name, itemType, itemKey, null);
  }

  /** As {@link #list(String, Class, String)} with a fast key function, e.g. {@code Message::messageId}. */
  protected final <T> ListProperty<T> list(
      String name, Class<T> itemType, String itemKey, Function<? super T, ?> keyOf) {
    ListProperty<T> list = new ListProperty<>(this, name, itemType, itemKey, keyOf);
    addMember(name, list);
    return list;
  }

  /** Declares a command without argument; whatever the client sends with it is ignored. */
  protected final void command(String name, Runnable action) {
    addCommand(new Command(name, null, (caller, arg) -> action.run()));
  }

  /** Declares a command whose argument is converted from JSON to {@code argType}. */
  protected final <T> void command(String name, Class<T> argType, Consumer<? super T> action) {
    Class<T> boxed = boxed(argType);
    addCommand(new Command(name, VMJson.mapper().constructType(argType),
        (caller, arg) -> action.accept(boxed.cast(arg))));
  }

  /** As {@link #command(String, Class, Consumer)}, also telling the handler who called. */
  protected final <T> void command(String name, Class<T> argType, BiConsumer<VMContext, ? super T> action) {
    Class<T> boxed = boxed(argType);
    addCommand(new Command(name, VMJson.mapper().constructType(argType),
        (caller, arg) -> action.accept(caller, boxed.cast(arg))));
  }

  // ---- behaviour ----------------------------------------------------------------------------

  /** Sends the properties changed since the last push to the client(s); nothing when none changed. */
  public final void pushUpdates() {
    LiveVM live = binding;
    if (live != null) live.push();
  }

  /** Runs {@code task} every {@code period} (first run after one period) until disposed. */
  protected final VMTimer schedule(Duration period, Runnable task) {
    return timers.add(period, period, task);
  }

  /** Runs {@code task} once after {@code delay}, unless disposed first. */
  protected final VMTimer scheduleOnce(Duration delay, Runnable task) {
    return timers.add(delay, null, task);
  }

  /** The id the client knows this view model by; null before the runtime attached it. */
  public final String vmId() {
    LiveVM live = binding;
    return live == null ? null : live.vmId;
  }

  public final boolean isDisposed() {
    return disposed.get();
  }

  // ---- hooks --------------------------------------------------------------------------------

  /** Called once when attached to the runtime, before the first response. */
  protected void onCreated() {}

  /** Called once when disposed; timers are already cancelled. Release resources here. */
  protected void onDispose() {}

  /**
   * A master view model may provide the instance for a {@code Master.Sub} request; null lets the
   * runtime create it from the registry. Defaults to {@link #createSubVM(String)} without instance id.
   */
  protected BaseVM createSubVM(String typeName, String instanceId) {
    return instanceId == null ? createSubVM(typeName) : null;
  }

  protected BaseVM createSubVM(String typeName) {
    return null;
  }

  protected void onSubVMCreated(BaseVM subVM) {}

  protected void onSubVMDisposing(BaseVM subVM) {}

  /** A client update named no property, list item or command of this view model; ignored by default. */
  protected void onUnresolvedUpdate(String path, JsonNode value) {}

  // ---- runtime side -------------------------------------------------------------------------

  final void attach(LiveVM live, ScheduledExecutorService scheduler) {
    binding = live;
    timers.start(scheduler);
    onCreated();
  }

  final LiveVM binding() {
    return binding;
  }

  /** Returns true for the call that disposed it. */
  final boolean dispose() {
    if (!disposed.compareAndSet(false, true)) return false;
    timers.cancelAll();
    onDispose();
    return true;
  }

  /** All properties and lists (with their {@code _itemKey}); the caller holds the lock. */
  final Map<String, Object> fullState() {
    Map<String, Object> state = new LinkedHashMap<>();
    for (Object member : members.values()) {
      if (member instanceof Property<?> property) {
        state.put(property.name(), property.get());
      } else {
        ListProperty<?> list = (ListProperty<?>) member;
        state.put(list.name(), list.snapshotForState());
        state.put(list.name() + "_itemKey", list.itemKey());
      }
    }
    return state;
  }

  /** The {@link Property} or {@link ListProperty} named {@code name}, or null. */
  final Object member(String name) {
    synchronized (lock) {
      return members.get(name);
    }
  }

  final Command command(String name) {
    return commands.get(name);
  }

  private <T> Property<T> declare(String name, JavaType type, T initialValue) {
    Property<T> property = new Property<>(this, name, type, initialValue);
    addMember(name, property);
    return property;
  }

  private void addMember(String name, Object member) {
    checkName(name);
    synchronized (lock) {
      if (members.putIfAbsent(name, member) != null || commands.containsKey(name)) {
        throw new IllegalArgumentException(name + " is already declared in " + getClass().getSimpleName());
      }
    }
  }

  private void addCommand(Command command) {
    checkName(command.name());
    synchronized (lock) {
      if (members.containsKey(command.name()) || commands.putIfAbsent(command.name(), command) != null) {
        throw new IllegalArgumentException(command.name() + " is already declared in " + getClass().getSimpleName());
      }
    }
  }

  /** Jackson returns boxed values for primitive argument types ({@code int.class}). */
  @SuppressWarnings("unchecked")
  private static <T> Class<T> boxed(Class<T> type) {
    return (Class<T>) MethodType.methodType(type).wrap().returnType();
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty() || name.indexOf('.') >= 0 || name.startsWith("$")) {
      throw new IllegalArgumentException("invalid member name: " + name);
    }
  }
}
