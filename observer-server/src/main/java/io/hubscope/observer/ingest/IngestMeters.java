package io.hubscope.observer.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Prometheus view of tap ingest, read from the service's own counters when scraped. */
public final class IngestMeters implements MeterBinder {

  private final IngestService ingest;

  public IngestMeters(IngestService ingest) {
    this.ingest = ingest;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("hubscope.observer.ingest.events", ingest, IngestService::rejected)
        .tag("result", "rejected")
        .description("Tap events received, by result: accepted, or rejected as malformed or unknown").register(registry);
    FunctionCounter.builder("hubscope.observer.ingest.events", ingest, IngestService::accepted)
        .tag("result", "accepted")
        .description("Tap events received, by result: accepted, or rejected as malformed or unknown").register(registry);
    FunctionCounter.builder("hubscope.observer.ingest.batches", ingest, IngestService::batches)
        .description("Tap batches received").register(registry);
  }
}
