package io.hubscope.app.demo;

import io.hubscope.hub.vm.MulticastVM;
import io.hubscope.hub.vm.VMContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared-echo load profile: one multicast instance for every client, sending each member its
 * own {@code Ping} (to that connection only) every {@code PingInterval} ms after its {@code Pong}.
 */
public final class SharedEchoVM extends MulticastVM {

  private final Map<String, EchoLatency> members = new ConcurrentHashMap<>();
  private final Map<String, Duration> intervals = new ConcurrentHashMap<>();

  public SharedEchoVM() {
    property("Ping", EchoVM.Payload.class, null);
    command("Pong", EchoVM.Payload.class, (VMContext caller, EchoVM.Payload payload) -> {
      EchoLatency latency = members.get(caller.connectionId());
      if (latency == null) return;
      latency.record(payload == null ? Double.NaN : payload.time());
      schedulePing(caller.connectionId());
    });
  }

  @Override
  protected void onMemberJoined(VMContext member) {
    members.put(member.connectionId(), new EchoLatency());
    intervals.put(member.connectionId(), Duration.ofMillis(Math.max(1, member.vmArg().path("PingInterval").asInt(1000))));
    schedulePing(member.connectionId());
  }

  @Override
  protected void onMemberLeft(String connectionId) {
    members.remove(connectionId);
    intervals.remove(connectionId);
  }

  private void schedulePing(String connectionId) {
    Duration interval = intervals.get(connectionId);
    if (interval == null) return;
    scheduleOnce(interval, () -> {
      EchoLatency latency = members.get(connectionId);
      if (latency == null) return;
      send(List.of(connectionId), "Ping", new EchoVM.Payload(connectionId, EpochMillis.now(),
          latency.nextSequence(), latency.last(), latency.average()));
    });
  }
}
