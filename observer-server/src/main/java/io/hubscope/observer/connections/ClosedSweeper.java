package io.hubscope.observer.connections;

import java.time.Clock;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Evicts closed connections past their retention every few seconds, off the ingest path. */
public final class ClosedSweeper implements SmartLifecycle {

  static final Duration PERIOD = Duration.ofSeconds(5);

  private final ConnectionTable table;
  private final Clock clock;
  private volatile Disposable task;

  public ClosedSweeper(ConnectionTable table, Clock clock) {
    this.table = table;
    this.clock = clock;
  }

  @Override
  public void start() {
    task = Flux.interval(PERIOD, PERIOD).subscribe(tick -> table.sweep(clock.millis()));
  }

  @Override
  public void stop() {
    Disposable t = task;
    if (t != null) {
      t.dispose();
    }
    task = null;
  }

  @Override
  public boolean isRunning() {
    return task != null;
  }
}
