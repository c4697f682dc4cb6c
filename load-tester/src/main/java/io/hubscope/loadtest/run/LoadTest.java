package io.hubscope.loadtest.run;

import io.hubscope.loadtest.metrics.AllocatedBytes;
import io.hubscope.loadtest.metrics.Averages;
import io.hubscope.loadtest.metrics.CpuClock;
import io.hubscope.loadtest.metrics.Percentiles;
import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.profile.EpochMillis;
import io.hubscope.loadtest.profile.Profile;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs one load test: ramp-up (clients connect evenly over the ramp-up time), run (everyone
 * connected: the measured phase), ramp-down (clients stop sending, then disconnect evenly), and
 * adds up what the clients saw. Bounded in time: the run phase waits for slow connects at most
 * one more ramp-up plus {@link #SETTLE_GRACE_NANOS}, connects still pending at ramp-down are
 * abandoned, and closes get at most {@link #CLOSE_GRACE_SECONDS} after it.
 */
public final class LoadTest {

  static final long CLOSE_GRACE_SECONDS = 10;
  static final long DRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  static final long SETTLE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final LoadTestSettings settings;
  private final PrintStream out;
  private final RunStats stats = new RunStats();
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private volatile String phase = "ramp-up";
  private final PhaseListener listener;

  /** Told when the measured phase starts and ends, e.g. to sample the servers' CPU over exactly that span. */
  public interface PhaseListener {
    PhaseListener NOOP = new PhaseListener() { };

    default void runStarted() {}

    default void runEnded() {}
  }

  public LoadTest(LoadTestSettings settings, PrintStream out) {
    this(settings, out, PhaseListener.NOOP);
  }

  public LoadTest(LoadTestSettings settings, PrintStream out, PhaseListener listener) {
    this.settings = settings;
    this.out = out;
    this.listener = listener;
  }

  /**
   * Marks now as the moment of a disruption (e.g. an app server killed), from any thread: the
   * result then says how long each client went until it received a message sent after it.
   */
  public void disrupted() {
    stats.resumption().mark(EpochMillis.now());
  }

  /** Runs the test; throws {@link LoadTestException} when it cannot run at all. */
  public LoadTestResult run() {
    List<String> servers = new ArrayList<>();
    for (String server : settings.servers()) servers.add(Transport.normalize(server));
    LoadTestSettings s = new LoadTestSettings(servers, settings.profile(), settings.clients(), settings.run(),
        settings.rampUp(), settings.rampDown(), settings.intervalMillis(), settings.groups(), settings.protocol(),
        settings.bindAddresses(), settings.maxMissedPercent(), settings.progress(), settings.transport());
    ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "loadtest-driver");
      t.setDaemon(true);
      return t;
    });
    try (Transport transport = new Transport(s)) {
      if (s.profile() != Profile.RAWECHO) new Probe(transport, s, stats).check();
      return drive(s, transport, driver);
    } finally {
      driver.shutdownNow();
    }
  }

  private LoadTestResult drive(LoadTestSettings s, Transport transport, ScheduledExecutorService driver) {
    int n = s.clients();
    List<Session> sessions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) sessions.add(newSession(s, transport, i, driver));
    long rampUpNanos = s.rampUp().toNanos();
    long runNanos = s.run().toNanos();
    long rampDownNanos = s.rampDown().toNanos();
    long totalSeconds = (rampUpNanos + runNanos + rampDownNanos) / 1_000_000_000L;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Session session = sessions.get(i);
      driver.schedule(() -> transport.execute(session::start), rampUpNanos * i / n, TimeUnit.NANOSECONDS);
    }
    ProgressLine progress = s.progress() ? new ProgressLine(stats, out) : null;
    if (progress != null) {
      driver.scheduleAtFixedRate(() -> progress.print(phase, (System.nanoTime() - start) / 1_000_000_000L, totalSeconds),
          1, 1, TimeUnit.SECONDS);
    }

    sleepUntil(start + rampUpNanos);
    awaitSettled(n, start + 2 * rampUpNanos + SETTLE_GRACE_NANOS);
    phase = "run";
    stats.runPhase(true);
    listener.runStarted();
    long runStartReceived = stats.receivedCount();
    long runStartCpu = CpuClock.processCpuNanos();
    long runStartAllocated = AllocatedBytes.total();
    Histogram latencyBeforeRun = stats.latency().total();
    long runStart = System.nanoTime();
    sleepUntil(runStart + runNanos);
    Histogram runLatency = stats.latency().total();
    runLatency.subtract(latencyBeforeRun);
    long runReceived = stats.receivedCount() - runStartReceived;
    long runCpu = CpuClock.processCpuNanos() - runStartCpu;
    long runAllocated = runStartAllocated < 0 ? -1 : AllocatedBytes.total() - runStartAllocated;
    double runSeconds = (System.nanoTime() - runStart) / 1e9;
    stats.runPhase(false);
    listener.runEnded();

    phase = "ramp-down";
    sessions.forEach(Session::stopSending);
    // Messages sent just before the stop are still on their way to every receiver: let them land
    // before the first receiver disconnects, or they would count as lost for no fault of the hub.
    sleepUntil(System.nanoTime() + DRAIN_NANOS);
    CountDownLatch closed = new CountDownLatch(n);
    long rampDownStart = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Session session = sessions.get(i);
      driver.schedule(() -> session.close().doFinally(sig -> closed.countDown()).subscribe(null, e -> { }),
          rampDownNanos * i / n, TimeUnit.NANOSECONDS);
    }
    sleepUntil(rampDownStart + rampDownNanos);
    try {
      closed.await(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (progress != null) progress.end();
    sessions.forEach(Session::finish);
    return result(s, runReceived, runSeconds, runCpu, runAllocated, Percentiles.of(runLatency),
        (System.nanoTime() - start) / 1e9);
  }

  private Session newSession(LoadTestSettings s, Transport transport, int index, ScheduledExecutorService driver) {
    if (s.profile() == Profile.RAWECHO) {
      return new RawEchoSession(transport.rawHttp(index), transport.server(index), s.intervalMillis(), stats);
    }
    return new HubSession(transport.hubClient(index),
        s.profile().newClient(index, s.intervalMillis(), s.groups(), runId, stats, driver), stats);
  }

  private LoadTestResult result(LoadTestSettings s, long runReceived, double runSeconds, long runCpuNanos,
      long runAllocatedBytes, Percentiles runLatency, double elapsed) {
    long received = stats.receivedCount();
    long missed = stats.missedCount();
    double missedPercent = received + missed == 0 ? 0 : Math.round(missed * 10000.0 / (received + missed)) / 100.0;
    Averages averages = s.profile().reportsIntervals() ? stats.clientInterval() : stats.clientLatency();
    double cpuPerMessage = runReceived == 0 || runCpuNanos < 0 ? 0 : Math.round(runCpuNanos / 10.0 / runReceived) / 100.0;
    double bytesPerMessage = runReceived == 0 || runAllocatedBytes < 0 ? 0 : Math.round((double) runAllocatedBytes / runReceived);
    boolean passed = received > 0 && stats.connectFailureCount() == 0 && stats.errorCount() == 0
        && stats.droppedCount() == 0 && stats.misdeliveredCount() == 0 && missedPercent <= s.maxMissedPercent();
    return new LoadTestResult(s.profile().displayName(), s.clients(), stats.everConnectedCount(), received, missed,
        missedPercent, stats.misdeliveredCount(), Math.round(runReceived / runSeconds * 10) / 10.0,
        averages.min(), averages.max(), averages.mean(), Percentiles.of(stats.latency().total()), runLatency,
        stats.connectFailureCount(), stats.errorCount(), stats.droppedCount(), stats.firstError(), cpuPerMessage,
        bytesPerMessage, Math.round(elapsed * 10) / 10.0, passed, stats.invokedCount(), stats.respondedCount(),
        stats.failedSendCount(), stats.resumption().summary(), stats.longestGapMillis());
  }

  /**
   * The run phase is the phase with every client connected, so it starts only once each client has
   * connected or failed, even if the servers (or a cold JVM) connect them slower than the ramp-up
   * asked for; but never later than {@code deadlineNanos}, so the test stays bounded.
   */
  private void awaitSettled(int clients, long deadlineNanos) {
    while (stats.everConnectedCount() + stats.connectFailureCount() < clients && System.nanoTime() < deadlineNanos) {
      sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private static void sleepUntil(long deadlineNanos) {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
