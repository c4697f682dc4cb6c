package io.hubscope.app.demo;

import io.hubscope.hub.vm.MulticastVM;
import io.hubscope.hub.vm.Property;
import io.hubscope.hub.vm.VMContext;
import io.hubscope.hub.vm.VMTimer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broadcast load profile: one shared instance pushes {@code Tick{Time, Sequence}} to every
 * member each {@code TickInterval} ms (taken from the first member's {@code $vmArg}).
 */
public final class BroadcastVM extends MulticastVM {

  /** One tick: when it was sent and its sequence number, so clients can detect gaps. */
  public record Tick(double time, long sequence) {}

  private final Property<Integer> tickInterval = property("TickInterval", 1000);
  private final Property<Tick> tick = property("Tick", Tick.class, null);
  private final AtomicLong sequence = new AtomicLong();
  private VMTimer timer;

  @Override
  protected synchronized void onMemberJoined(VMContext member) {
    if (timer != null) return;
    int interval = Math.max(10, member.vmArg().path("TickInterval").asInt(tickInterval.get()));
    tickInterval.set(interval);
    timer = schedule(Duration.ofMillis(interval), () -> {
      tick.set(new Tick(EpochMillis.now(), sequence.incrementAndGet()));
      pushUpdates();
    });
  }
}
