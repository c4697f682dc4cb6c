package io.hubscope.forward.metrics;

import io.hubscope.forward.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Forwarding metrics on Micrometer: {@code hubscope.forward.messages} (tag direction up|down),
 * {@code hubscope.forward.bytes} (direction), {@code hubscope.forward.errors} (kind),
 * {@code hubscope.forward.reconnects}, and per app server's pool {@code hubscope.forward.upstream.connected},
 * {@code hubscope.forward.upstream.size}, {@code hubscope.forward.upstream.clients},
 * {@code hubscope.forward.queue.depth}, {@code hubscope.forward.rehomed} (clients moved away from
 * it; all tagged upstream, the configured host:port: a handful of app servers, one value each), and {@code hubscope.forward.round.trip}
 * (timer with a percentile histogram, tag upstream). docs/metrics.md lists every meter.
 */
public final class MicrometerForwardingMetrics implements ForwardingMetrics {

  private static final List<String> GAUGES = List.of("hubscope.forward.upstream.connected",
      "hubscope.forward.upstream.size", "hubscope.forward.upstream.clients", "hubscope.forward.queue.depth");

  private final MeterRegistry registry;
  private final Counter up;
  private final Counter down;
  private final Counter bytesUp;
  private final Counter bytesDown;
  private final Counter reconnects;
  private final Map<Refusal, Counter> errors = new ConcurrentHashMap<>();
  private final Map<String, Timer> roundTrips = new ConcurrentHashMap<>();
  private final Map<String, Counter> rehomed = new ConcurrentHashMap<>();

  public MicrometerForwardingMetrics(MeterRegistry registry) {
    this.registry = registry;
    up = Counter.builder("hubscope.forward.messages").tag("direction", "up")
        .description("Client calls forwarded upstream").register(registry);
    down = Counter.builder("hubscope.forward.messages").tag("direction", "down")
        .description("Upstream messages delivered to local clients (one per recipient)").register(registry);
    bytesUp = Counter.builder("hubscope.forward.bytes").baseUnit("bytes").tag("direction", "up").register(registry);
    bytesDown = Counter.builder("hubscope.forward.bytes").baseUnit("bytes").tag("direction", "down").register(registry);
    reconnects = Counter.builder("hubscope.forward.reconnects")
        .description("Upstream connections lost or refused, each followed by a retry").register(registry);
  }

  @Override public void forwarded() { up.increment(); }
  @Override public void delivered(int recipients) { down.increment(recipients); }

  @Override
  public void bytes(boolean isUp, long count) {
    (isUp ? bytesUp : bytesDown).increment(count);
  }

  @Override
  public void refused(Refusal kind) {
    errors.computeIfAbsent(kind, k -> Counter.builder("hubscope.forward.errors").tag("kind", k.tag())
        .description("Forwarded calls that failed with an error to the client").register(registry)).increment();
  }

  @Override public void reconnect() { reconnects.increment(); }

  @Override
  public void answered(String upstream, long nanos) {
    Timer timer = roundTrips.get(upstream); // registered with its pool: no allocation per call
    if (timer == null) timer = roundTrips.computeIfAbsent(upstream, this::roundTrip);
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer roundTrip(String upstream) {
    return Timer.builder("hubscope.forward.round.trip").tag("upstream", upstream)
        .description("Forwarded client calls from the proxy handing them to a pooled upstream connection to the"
            + " app server's completion arriving back (network both ways plus the app server's dispatch);"
            + " calls that time out or lose their connection are not timed")
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1))
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  @Override
  public void rehomed(String from) {
    Counter counter = rehomed.get(from); // registered with its pool
    if (counter == null) counter = rehomed.computeIfAbsent(from, this::rehomedFrom);
    counter.increment();
  }

  private Counter rehomedFrom(String upstream) {
    return Counter.builder("hubscope.forward.rehomed").tag("upstream", upstream)
        .description("Clients moved from this app server to another one (it became unreachable or was removed),"
            + " their view models requested again there without the client reconnecting")
        .register(registry);
  }

  @Override
  public void pool(String upstream, IntSupplier connected, int size, IntSupplier pending, IntSupplier clients) {
    // An app server removed and added back registers again: its new pool's gauges replace the old.
    for (String gauge : GAUGES) registry.find(gauge).tag("upstream", upstream).meters().forEach(registry::remove);
    // Supplier gauges hold their lambdas strongly; object gauges would lose them to the GC (NaN).
    roundTrips.computeIfAbsent(upstream, this::roundTrip);
    rehomed.computeIfAbsent(upstream, this::rehomedFrom);
    Gauge.builder("hubscope.forward.upstream.clients", clients::getAsInt).tag("upstream", upstream)
        .description("Local clients pinned to this app server").register(registry);
    Gauge.builder("hubscope.forward.upstream.connected", connected::getAsInt).tag("upstream", upstream)
        .description("Pooled upstream connections that are up").register(registry);
    Gauge.builder("hubscope.forward.upstream.size", () -> size).tag("upstream", upstream)
        .description("Configured pool size").register(registry);
    Gauge.builder("hubscope.forward.queue.depth", pending::getAsInt).tag("upstream", upstream)
        .description("Forwarded calls waiting for the upstream's answer").register(registry);
  }
}
