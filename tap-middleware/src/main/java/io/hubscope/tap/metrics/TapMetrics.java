package io.hubscope.tap.metrics;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What the tap reports about itself: drops by cause, events sent, and the queue it holds. Called
 * on event loops (drops) and on the sender thread: implementations must be cheap and never block.
 */
public interface TapMetrics {

  /** {@code events} were dropped for {@code cause}. */
  void dropped(DropCause cause, int events);

  /**
   * A batch of {@code events} reached the observer: {@code nanos} from starting to write the batch
   * to the observer's acknowledgement.
   */
  void sent(int events, long nanos);

  /** An operator's command from the observer was answered: carried out ({@code ok}) or refused. */
  default void command(boolean ok) {}

  /** Registers gauges for the queue's depth (events) and size (bytes); called once per tap. */
  void queue(IntSupplier depth, LongSupplier bytes);

  TapMetrics NOOP = new TapMetrics() {
    @Override public void dropped(DropCause cause, int events) {}
    @Override public void sent(int events, long nanos) {}
    @Override public void queue(IntSupplier depth, LongSupplier bytes) {}
  };
}
