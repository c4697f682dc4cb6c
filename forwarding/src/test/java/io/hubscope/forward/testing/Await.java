package io.hubscope.forward.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or the time is up. */
public final class Await {

  private Await() {}

  /** True once {@code condition} holds, false if it did not within {@code timeout}. */
  public static boolean until(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return true;
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  /** The first non-null value of {@code value}, or null if none came within {@code timeout}. */
  public static <T> T value(Supplier<T> value, Duration timeout) {
    Object[] seen = new Object[1];
    until(() -> (seen[0] = value.get()) != null, timeout);
    @SuppressWarnings("unchecked")
    T t = (T) seen[0];
    return t;
  }
}
