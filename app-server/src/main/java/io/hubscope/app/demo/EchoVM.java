package io.hubscope.app.demo;

import io.hubscope.hub.vm.BaseVM;
import io.hubscope.hub.vm.Property;
import io.hubscope.hub.vm.VMContext;
import java.time.Duration;

/**
 * The echo load profile: pushes {@code Ping} to its one client every {@code PingInterval} ms after
 * the client's {@code Pong}; keeps the round-trip latency the client's pongs reveal.
 */
public final class EchoVM extends BaseVM {

  /** A ping, echoed back unchanged as the Pong argument. */
  public record Payload(String connectionId, double time, long sequence, double prevLatency, double avgLatency) {}

  private final Property<Payload> ping = property("Ping", Payload.class, null);
  private final EchoLatency latency = new EchoLatency();
  private final String connectionId;
  private final Duration interval;

  public EchoVM(VMContext context) {
    this.connectionId = context.connectionId();
    this.interval = Duration.ofMillis(Math.max(1, context.vmArg().path("PingInterval").asInt(1000)));
    property("PingInterval", (int) interval.toMillis());
    command("Pong", Payload.class, this::pong);
    scheduleOnce(interval, this::sendPing);
  }

  private void pong(Payload payload) {
    latency.record(payload == null ? Double.NaN : payload.time());
    scheduleOnce(interval, this::sendPing);
  }

  private void sendPing() {
    ping.set(new Payload(connectionId, EpochMillis.now(), latency.nextSequence(), latency.last(), latency.average()));
    pushUpdates();
  }
}
