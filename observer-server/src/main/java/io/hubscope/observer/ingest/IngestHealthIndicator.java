package io.hubscope.observer.ingest;

import io.hubscope.hub.server.HubServer;
import io.hubscope.observer.history.HistoryWriter;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the observer takes in what taps send and keeps it: the history writer runs. Part of the
 * readiness group (with the database), so an observer that stopped ingesting leaves rotation.
 * Shown as {@code ingest}; its details (taps connected, batches, whether a token is set) only to a
 * logged-in user.
 */
final class IngestHealthIndicator implements HealthIndicator {

  private final HubServer hub;
  private final IngestService ingest;
  private final HistoryWriter history;
  private final boolean tokenSet;

  IngestHealthIndicator(HubServer hub, IngestService ingest, HistoryWriter history, IngestSettings settings) {
    this.hub = hub;
    this.ingest = ingest;
    this.history = history;
    this.tokenSet = settings.token() != null && !settings.token().isBlank();
  }

  @Override
  public Health health() {
    Health.Builder health = history.isRunning() ? Health.up() : Health.down().withDetail("history", "stopped");
    return health.withDetail("taps", hub.connections().size())
        .withDetail("batches", ingest.batches())
        .withDetail("rejected", ingest.rejected())
        .withDetail("tokenSet", tokenSet)
        .build();
  }
}
