package io.hubscope.observer.ingest;

import java.time.Clock;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Forgets nodes silent for {@code expireAfter} once a second, off the ingest path: a node gone for
 * good (or replaced under another name or address) leaves the topology, frees its slot under
 * {@code max-nodes} and takes its meters and open connections with it.
 */
public final class NodeExpiry implements SmartLifecycle {

  static final Duration PERIOD = Duration.ofSeconds(1);

  private final IngestService ingest;
  private final Clock clock;
  private final long expireAfterMillis;
  private volatile Disposable task;

  public NodeExpiry(IngestService ingest, Clock clock, Duration expireAfter) {
    if (expireAfter == null || expireAfter.compareTo(PERIOD) < 0) {
      throw new IllegalArgumentException("expireAfter < " + PERIOD + ": " + expireAfter);
    }
    this.ingest = ingest;
    this.clock = clock;
    this.expireAfterMillis = expireAfter.toMillis();
  }

  @Override
  public void start() {
    task = Flux.interval(PERIOD, PERIOD).subscribe(tick -> ingest.expireSilentNodes(clock.millis(), expireAfterMillis));
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
