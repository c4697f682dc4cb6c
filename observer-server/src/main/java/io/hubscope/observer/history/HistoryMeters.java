package io.hubscope.observer.history;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Prometheus view of the history writer: sessions it had to drop. */
public final class HistoryMeters implements MeterBinder {

  private final HistoryWriter history;

  public HistoryMeters(HistoryWriter history) {
    this.history = history;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("hubscope.observer.history.dropped", history, HistoryWriter::droppedSessions)
        .description("Closed sessions not written because the history queue was full").register(registry);
  }
}
