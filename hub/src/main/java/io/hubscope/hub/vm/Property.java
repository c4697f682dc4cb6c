package io.hubscope.hub.vm;

import java.util.Objects;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JavaType;

/**
 * A view-model property the client sees under {@link #name()}. Safe to read and write from any
 * thread (command handlers, timers); setting a different value marks it changed for the next
 * {@link BaseVM#pushUpdates()}, setting an equal value does nothing. Create with
 * {@code BaseVM.property(..)}.
 *
 * @param <T> the value type; values should be immutable (records, strings, numbers)
 */
public final class Property<T> {

  private final BaseVM owner;
  private final String name;
  private final JavaType type;
  private volatile T value;

  Property(BaseVM owner, String name, JavaType type, T initialValue) {
    this.owner = owner;
    this.name = name;
    this.type = type;
    this.value = initialValue;
  }

  public String name() {
    return name;
  }

  public T get() {
    return value;
  }

  public void set(T newValue) {
    synchronized (owner.lock) {
      if (Objects.equals(value, newValue)) return;
      value = newValue;
      owner.pending.property(this);
    }
  }

  /**
   * Atomically replaces the value with {@code update.apply(current)}, e.g. a counter incremented
   * by several threads. The function runs under the view model's lock: keep it short.
   */
  public T updateAndGet(UnaryOperator<T> update) {
    synchronized (owner.lock) {
      T next = update.apply(value);
      set(next);
      return next;
    }
  }

  /** Sends the current value on the next push even if it did not change (e.g. a mutated object). */
  public void markChanged() {
    synchronized (owner.lock) {
      owner.pending.property(this);
    }
  }

  JavaType type() {
    return type;
  }

  /**
   * Applies a value the client sent; the caller holds the lock. The client already has it, so it is
   * not queued for that client; {@code others} (multicast members) records it for everybody else.
   */
  @SuppressWarnings("unchecked")
  void setFromClient(Object newValue, ChangeSet others) {
    if (Objects.equals(value, newValue)) return;
    value = (T) newValue;
    owner.pending.forget(name);
    if (others != null) others.property(this);
  }

  @Override
  public String toString() {
    return name + "=" + value;
  }
}
