package io.hubscope.observer.ingest;

import io.hubscope.observer.system.PeriodicTask;
import java.time.Clock;
import java.time.Duration;

/**
 * Forgets nodes silent for {@code expireAfter} once a second, off the ingest path: a node gone for
 * good (or replaced under another name or address) leaves the topology, frees its slot under
 * {@code max-nodes} and takes its meters and open connections with it.
 */
public final class NodeExpiry extends PeriodicTask {

  static final Duration PERIOD = Duration.ofSeconds(1);

  public NodeExpiry(IngestService ingest, Clock clock, Duration expireAfter) {
    super(PERIOD, expiry(ingest, clock, expireAfter));
  }

  private static Runnable expiry(IngestService ingest, Clock clock, Duration expireAfter) {
    if (expireAfter == null || expireAfter.compareTo(PERIOD) < 0) {
      throw new IllegalArgumentException("expireAfter < " + PERIOD + ": " + expireAfter);
    }
    long expireAfterMillis = expireAfter.toMillis();
    return () -> ingest.expireSilentNodes(clock.millis(), expireAfterMillis);
  }
}
