package io.hubscope.observer.ingest;

/** What the observer answers a tap's {@code Observe(batch)}: events accepted and rejected. */
public record IngestResult(int accepted, int rejected) {}
