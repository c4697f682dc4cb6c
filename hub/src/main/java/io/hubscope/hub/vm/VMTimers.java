package io.hubscope.hub.vm;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A view model's scheduled work. Work scheduled before the view model is attached (e.g. in its
 * constructor) starts on attach, so an instance that is created but never used starts nothing;
 * everything is cancelled on dispose. One-shot work leaves the set when it has run, so a view model
 * scheduling a reply per message does not accumulate handles.
 */
final class VMTimers {

  private static final Logger log = LoggerFactory.getLogger(VMTimers.class);

  private final Set<Entry> entries = new LinkedHashSet<>();
  private ScheduledExecutorService scheduler;
  private boolean closed;

  synchronized VMTimer add(Duration delay, Duration period, Runnable task) {
    if (delay.isNegative() || (period != null && (period.isZero() || period.isNegative()))) {
      throw new IllegalArgumentException("delay < 0 or period <= 0: " + delay + ", " + period);
    }
    Entry entry = new Entry(delay, period, task);
    if (closed) {
      entry.cancelled = true;
      return entry;
    }
    entries.add(entry);
    if (scheduler != null) entry.start(scheduler);
    return entry;
  }

  synchronized void start(ScheduledExecutorService scheduler) {
    if (closed || this.scheduler != null) return;
    this.scheduler = scheduler;
    for (Entry entry : entries) entry.start(scheduler);
  }

  void cancelAll() {
    List<Entry> toCancel;
    synchronized (this) {
      closed = true;
      toCancel = List.copyOf(entries);
      entries.clear();
    }
    for (Entry entry : toCancel) entry.cancel();
  }

  private synchronized void remove(Entry entry) {
    entries.remove(entry);
  }

  private final class Entry implements VMTimer, Runnable {
    private final Duration delay;
    private final Duration period;
    private final Runnable task;
    private volatile boolean cancelled;
    private volatile Future<?> future;

    Entry(Duration delay, Duration period, Runnable task) {
      this.delay = delay;
      this.period = period;
      this.task = task;
    }

    void start(ScheduledExecutorService scheduler) {
      long delayNanos = delay.toNanos();
      future = period == null
          ? scheduler.schedule(this, delayNanos, TimeUnit.NANOSECONDS)
          : scheduler.scheduleAtFixedRate(this, delayNanos, period.toNanos(), TimeUnit.NANOSECONDS);
      if (cancelled) future.cancel(false);
    }

    @Override
    public void run() {
      if (cancelled) return;
      try {
        task.run();
      } catch (RuntimeException e) {
        // An escaping exception would silently end a periodic task: log and keep the schedule.
        log.warn("view-model timer task failed", e);
      } finally {
        if (period == null) remove(this);
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      Future<?> started = future;
      if (started != null) started.cancel(false);
      remove(this);
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }
  }
}
