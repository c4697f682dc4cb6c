package io.hubscope.observer.history;

import io.hubscope.observer.connections.ConnectionState;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.nodes.HostSample;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.nodes.NodeState;
import io.hubscope.observer.rates.RateRing;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Writes history in batches on its own thread: closed sessions (handed over by offer-or-drop, so
 * ingest never waits for the database), throughput and node samples every interval, and a
 * periodic purge of rows past the retention.
 */
public final class HistoryWriter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
  /** Taps batch with a short linger: seconds this recent may still fill, the next flush takes them. */
  static final long SAMPLE_LAG_SECONDS = 5;
  /** A fresh writer also samples what the ring saw shortly before it started. */
  static final long INITIAL_LOOKBACK_SECONDS = 60;

  private final HistoryStore store;
  private final NodeRegistry nodes;
  private final Clock clock;
  private final Duration interval;
  private final Duration retention;
  private final Duration purgeInterval;
  private final ArrayBlockingQueue<SessionRecord> sessions;
  private final LongAdder droppedSessions = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private ScheduledExecutorService executor;
  private long lastSampledSecond;
  private volatile boolean running;

  public HistoryWriter(HistoryStore store, NodeRegistry nodes, ConnectionTable connections, Clock clock,
      Duration interval, Duration retention, Duration purgeInterval, int queueSize) {
    this.store = store;
    this.nodes = nodes;
    this.clock = clock;
    this.interval = interval;
    this.retention = retention;
    this.purgeInterval = purgeInterval;
    this.sessions = new ArrayBlockingQueue<>(queueSize);
    this.lastSampledSecond = Math.floorDiv(clock.millis(), 1000) - INITIAL_LOOKBACK_SECONDS;
    connections.onClose(this::closed);
  }

  private void closed(ConnectionState connection) {
    if (!sessions.offer(SessionRecord.of(connection))) {
      droppedSessions.increment();
    }
  }

  @Override
  public synchronized void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hubscope-history");
      t.setDaemon(true);
      return t;
    });
    long every = interval.toMillis();
    executor.scheduleAtFixedRate(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    executor.scheduleAtFixedRate(this::purgeQuietly, 0, purgeInterval.toMillis(), TimeUnit.MILLISECONDS);
    running = true;
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (executor != null) {
      executor.shutdown();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flushQuietly();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      failures.increment();
      log.warn("History write failed, will retry next interval: {}", e.toString());
    }
  }

  private void purgeQuietly() {
    try {
      int deleted = store.purge(clock.millis() - retention.toMillis());
      log.debug("Purged {} history rows older than {}", deleted, retention);
    } catch (RuntimeException e) {
      log.warn("History purge failed: {}", e.toString());
    }
  }

  /** Writes what is pending now; called by the schedule, at shutdown, and by tests. */
  public synchronized void flush() {
    List<SessionRecord> batch = new ArrayList<>();
    sessions.drainTo(batch);
    store.insertSessions(batch);
    long now = clock.millis();
    long lastComplete = Math.floorDiv(now, 1000) - SAMPLE_LAG_SECONDS;
    int seconds = (int) Math.min(lastComplete - lastSampledSecond, RateRing.SECONDS);
    if (seconds <= 0) {
      return;
    }
    long from = lastComplete - seconds + 1;
    List<Object[]> throughput = new ArrayList<>();
    List<Object[]> hosts = new ArrayList<>();
    for (NodeState n : nodes.all()) {
      long[][] sums = new long[4][seconds];
      n.rates().sumInto(from, sums);
      throughput.add(new Object[] {from * 1000, n.id(), seconds, sum(sums[0]), sum(sums[1]),
          sum(sums[2]), sum(sums[3]), n.activeConnections()});
      HostSample h = n.lastHost();
      if (h != null) {
        hosts.add(new Object[] {now, n.id(), n.role(), h.cpuSystem(), nanToNull(h.cpuProcess()),
            h.memUsed(), h.memTotal(), h.heapUsed(), h.heapMax(), h.connections(), h.queueDepth(),
            n.tap().droppedTotal()});
      }
    }
    store.insertThroughput(throughput);
    store.insertNodeSamples(hosts);
    lastSampledSecond = lastComplete;
  }

  private static long sum(long[] values) {
    long s = 0;
    for (long v : values) {
      s += v;
    }
    return s;
  }

  private static Double nanToNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  public long droppedSessions() {
    return droppedSessions.sum();
  }

  public long failures() {
    return failures.sum();
  }
}
