package io.hubscope.hub.vm;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A keyed list the client sees under {@link #name()}, with dotNetify's CRUD updates: the full state
 * carries the list and {@code Name_itemKey}; later pushes carry only {@code Name_add},
 * {@code Name_update} (items) and {@code Name_remove} (keys), each a single value or, when several
 * items changed since the last push, an array (which the dotNetify 5 client accepts). Thread-safe.
 * Create with {@code BaseVM.list(..)}.
 *
 * @param <T> the item type; items should be immutable (records)
 */
public final class ListProperty<T> {

  private final BaseVM owner;
  private final String name;
  private final String itemKey;
  private final Class<T> itemType;
  private final Function<? super T, ?> keyOf;
  private final Map<String, T> items = new LinkedHashMap<>();
  /** Accessor of the key component, found once per item class when no key function was given. */
  private volatile Method keyAccessor;

  ListProperty(BaseVM owner, String name, Class<T> itemType, String itemKey, Function<? super T, ?> keyOf) {
    if (itemKey == null || itemKey.isEmpty()) throw new IllegalArgumentException("itemKey is empty for " + name);
    this.owner = owner;
    this.name = name;
    this.itemType = itemType;
    this.itemKey = itemKey;
    this.keyOf = keyOf;
  }

  public String name() {
    return name;
  }

  /** The item member that identifies items, sent to the client as {@code Name_itemKey}. */
  public String itemKey() {
    return itemKey;
  }

  /** Appends {@code item}, or replaces the item with the same key in place. */
  public void add(T item) {
    put(item);
  }

  /** Replaces the item with the same key (or appends it when absent). */
  public void update(T item) {
    put(item);
  }

  /** Removes the item with {@code key}; returns whether there was one. */
  public boolean remove(Object key) {
    synchronized (owner.lock) {
      T removed = items.remove(normalize(key));
      if (removed == null) return false;
      owner.pending.list(this).touch(normalize(key), keyOf(removed), true);
      return true;
    }
  }

  /** Replaces the whole list; the next push sends it in full. */
  public void replaceAll(Collection<? extends T> newItems) {
    synchronized (owner.lock) {
      items.clear();
      for (T item : newItems) items.put(normalize(keyOf(item)), item);
      owner.pending.list(this).reset();
    }
  }

  public void clear() {
    replaceAll(List.of());
  }

  /** A snapshot of the items in order. */
  public List<T> items() {
    synchronized (owner.lock) {
      return new ArrayList<>(items.values());
    }
  }

  public Optional<T> find(Object key) {
    synchronized (owner.lock) {
      return Optional.ofNullable(items.get(normalize(key)));
    }
  }

  public int size() {
    synchronized (owner.lock) {
      return items.size();
    }
  }

  private void put(T item) {
    if (item == null) throw new IllegalArgumentException("item == null in " + name);
    Object rawKey = keyOf(item);
    String key = normalize(rawKey);
    synchronized (owner.lock) {
      boolean existed = items.put(key, item) != null;
      owner.pending.list(this).touch(key, rawKey, existed);
    }
  }

  /** Caller holds the lock. */
  T itemForClient(String key) {
    return items.get(key);
  }

  /** Applies an item the client edited; the caller holds the lock. */
  @SuppressWarnings("unchecked")
  void replaceFromClient(String key, Object newItem, ChangeSet others) {
    T item = (T) newItem;
    Object rawKey = keyOf(item);
    if (!normalize(rawKey).equals(key)) items.remove(key);
    items.put(normalize(rawKey), item);
    if (others != null) others.list(this).touch(normalize(rawKey), rawKey, true);
  }

  /** Replaces the list with the client's; the caller holds the lock. The client already has it. */
  @SuppressWarnings("unchecked")
  void replaceAllFromClient(List<?> newItems, ChangeSet others) {
    items.clear();
    for (Object item : newItems) items.put(normalize(keyOf((T) item)), (T) item);
    owner.pending.forget(name);
    if (others != null) others.list(this).reset();
  }

  Class<T> itemType() {
    return itemType;
  }

  /** Caller holds the lock. */
  List<T> snapshotForState() {
    return new ArrayList<>(items.values());
  }

  /** Writes the net effect of {@code delta} as wire entries; the caller holds the lock. */
  void writeDelta(ListDelta delta, Map<String, Object> out) {
    if (delta.isReset()) {
      out.put(name, snapshotForState());
      return;
    }
    List<Object> added = new ArrayList<>();
    List<Object> updated = new ArrayList<>();
    List<Object> removed = new ArrayList<>();
    delta.touched().forEach((key, touch) -> {
      T now = items.get(key);
      if (now == null) {
        if (touch.existed()) removed.add(touch.rawKey());
      } else {
        (touch.existed() ? updated : added).add(now);
      }
    });
    putOneOrMany(out, name + "_add", added);
    putOneOrMany(out, name + "_update", updated);
    putOneOrMany(out, name + "_remove", removed);
  }

  private static void putOneOrMany(Map<String, Object> out, String key, List<Object> values) {
    if (values.size() == 1) out.put(key, values.get(0));
    else if (!values.isEmpty()) out.put(key, values);
  }

  private Object keyOf(T item) {
    Object key = keyOf != null ? keyOf.apply(item) : reflectKey(item);
    if (key == null) throw new IllegalArgumentException("item of " + name + " has no " + itemKey + ": " + item);
    return key;
  }

  /** Keys compare as strings: the client addresses items as {@code List.$key.Prop}. */
  static String normalize(Object key) {
    return key instanceof JsonNode node ? node.asString() : String.valueOf(key);
  }

  private Object reflectKey(T item) {
    Method accessor = keyAccessor;
    if (accessor == null || accessor.getDeclaringClass() != item.getClass()) {
      accessor = findRecordAccessor(item.getClass());
      keyAccessor = accessor;
    }
    if (accessor == null) {
      // Not a record: read the key the way the client sees it.
      JsonNode node = VMJson.mapper().valueToTree(item).get(itemKey);
      if (node == null || node.isNull()) return null;
      return node.isNumber() ? node.numberValue() : node.asString();
    }
    try {
      return accessor.invoke(item);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + itemKey + " of " + item.getClass().getName(), e);
    }
  }

  private Method findRecordAccessor(Class<?> type) {
    if (!type.isRecord()) return null;
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.getName().equalsIgnoreCase(itemKey)) {
        Method accessor = component.getAccessor();
        accessor.setAccessible(true);
        return accessor;
      }
    }
    throw new IllegalArgumentException(type.getName() + " has no component named " + itemKey);
  }
}
