package io.hubscope.hub.metrics;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.limit.Limit;
import io.hubscope.hub.pipeline.CallType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hub metrics on Micrometer: {@code hubscope.hub.connections.active}, {@code hubscope.hub.connections.closed}
 * (tag reason), {@code hubscope.hub.messages} and {@code hubscope.hub.bytes} (tag direction in|out),
 * {@code hubscope.hub.errors} (tag kind), {@code hubscope.hub.refused} (tag limit: clients refused at a
 * {@link Limit}), {@code hubscope.hub.dispatch} (timer with a percentile histogram, tag call),
 * {@code hubscope.hub.reconnects} and {@code hubscope.hub.replayed} (stateful reconnect).
 * Tags are low-cardinality only. docs/metrics.md lists every meter.
 */
public final class MicrometerHubMetrics implements HubMetrics {

  private final MeterRegistry registry;
  private final AtomicLong active = new AtomicLong();
  private final Counter messagesIn;
  private final Counter messagesOut;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<Limit, Counter> refused = new EnumMap<>(Limit.class);
  private final Map<CallType, Timer> dispatch = new EnumMap<>(CallType.class);
  private final Timer dispatchMethod;
  private final Counter reconnects;
  private final Counter replayed;

  public MicrometerHubMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("hubscope.hub.connections.active", active, AtomicLong::get)
        .description("Open client connections, direct and logical").register(registry);
    messagesIn = messages("in", "Hub messages received from clients");
    messagesOut = messages("out", "Hub messages sent to clients (fan-out counted per recipient)");
    bytesIn = bytes("in", "Hub message bytes received from clients");
    bytesOut = bytes("out", "Hub message bytes sent to clients");
    for (CloseReason reason : CloseReason.values()) {
      closed.put(reason, Counter.builder("hubscope.hub.connections.closed").tag("reason", reason.tag())
          .description("Client connections closed, by reason").register(registry));
    }
    for (CallType call : new CallType[] {CallType.REQUEST_VM, CallType.UPDATE_VM, CallType.DISPOSE_VM}) {
      dispatch.put(call, dispatchTimer(call.method().toLowerCase(Locale.ROOT)));
    }
    dispatchMethod = dispatchTimer("method");
    reconnects = Counter.builder("hubscope.hub.reconnects")
        .description("Stateful reconnect clients that resumed their connection on a new socket").register(registry);
    replayed = Counter.builder("hubscope.hub.replayed")
        .description("Unacknowledged messages resent to stateful reconnect clients after they resumed").register(registry);
    for (Limit limit : Limit.values()) {
      refused.put(limit, Counter.builder("hubscope.hub.refused").tag("limit", limit.tag())
          .description("Clients refused at a limit, each with an error they can read").register(registry));
    }
  }

  private Counter messages(String direction, String description) {
    return Counter.builder("hubscope.hub.messages").tag("direction", direction).description(description)
        .register(registry);
  }

  private Counter bytes(String direction, String description) {
    return Counter.builder("hubscope.hub.bytes").baseUnit("bytes").tag("direction", direction)
        .description(description).register(registry);
  }

  private Timer dispatchTimer(String call) {
    return Timer.builder("hubscope.hub.dispatch").tag("call", call)
        .description("Client invocations from decoded frame to the handler's result or error (before the"
            + " completion is written); view-model calls by type, custom hub methods as call=method")
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100))
        .minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  @Override public void connectionOpened() { active.incrementAndGet(); }

  @Override
  public void connectionClosed(CloseReason reason) {
    active.decrementAndGet();
    closed.get(reason).increment();
  }

  @Override
  public void messageReceived(int bytes) {
    messagesIn.increment();
    bytesIn.increment(bytes);
  }

  @Override
  public void messageSent(int bytes) {
    messagesOut.increment();
    bytesOut.increment(bytes);
  }

  @Override
  public void error(String kind) {
    errors.computeIfAbsent(kind, k -> Counter.builder("hubscope.hub.errors").tag("kind", k).register(registry)).increment();
  }

  @Override
  public void refused(Limit limit) {
    refused.get(limit).increment();
  }

  @Override
  public void reconnected(int replayedMessages) {
    reconnects.increment();
    replayed.increment(replayedMessages);
  }

  @Override
  public void dispatched(CallType call, long nanos) {
    Timer timer = call == null ? dispatchMethod : dispatch.get(call);
    (timer == null ? dispatchMethod : timer).record(nanos, TimeUnit.NANOSECONDS);
  }
}
