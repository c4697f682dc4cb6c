package io.hubscope.observer.system;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Housekeeping that runs every {@code period} on Reactor's parallel scheduler, off the ingest path,
 * while the application context runs.
 */
public abstract class PeriodicTask implements SmartLifecycle {

  private final Duration period;
  private final Runnable work;
  private volatile Disposable task;

  protected PeriodicTask(Duration period, Runnable work) {
    this.period = period;
    this.work = work;
  }

  @Override
  public void start() {
    task = Flux.interval(period, period).subscribe(tick -> work.run());
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
