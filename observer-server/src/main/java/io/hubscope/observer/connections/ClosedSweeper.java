package io.hubscope.observer.connections;

import io.hubscope.observer.system.PeriodicTask;
import java.time.Clock;
import java.time.Duration;

/** Evicts closed connections past their retention every few seconds, off the ingest path. */
public final class ClosedSweeper extends PeriodicTask {

  static final Duration PERIOD = Duration.ofSeconds(5);

  public ClosedSweeper(ConnectionTable table, Clock clock) {
    super(PERIOD, () -> table.sweep(clock.millis()));
  }
}
