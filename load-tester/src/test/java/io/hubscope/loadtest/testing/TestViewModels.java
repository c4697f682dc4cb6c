package io.hubscope.loadtest.testing;

import io.hubscope.hub.vm.BaseVM;
import io.hubscope.hub.vm.ListProperty;
import io.hubscope.hub.vm.MulticastVM;
import io.hubscope.hub.vm.Property;
import io.hubscope.hub.vm.VMContext;
import io.hubscope.hub.vm.VMRegistry;
import io.hubscope.hub.vm.VMTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * View models shaped like the app server's demo ones (same names, properties and payloads), but
 * bounded: they send an exact number of ticks or pings and count what they sent, so tests can
 * check the load tester's counts exactly. Knobs make them misbehave on purpose.
 */
public final class TestViewModels {

  /** One ping or pong, serialized with the hub's PascalCase names like the demo's. */
  public record Payload(String connectionId, double time, long sequence, double prevLatency, double avgLatency) {}

  public record Tick(double time, long sequence) {}

  public record Message(String messageId, String senderId, double time, long sequence, String text) {}

  /** What the test view models did, for the assertions. */
  public static final class Counts {
    public final AtomicLong pingsSent = new AtomicLong();
    public final AtomicLong pongsReceived = new AtomicLong();
    public final AtomicLong chatDeliveries = new AtomicLong();
  }

  /**
   * @param maxTicks ticks a broadcast sends in all
   * @param skipSequence a tick sequence number never sent (0: none), to prove missed detection
   * @param maxPings pings each echo client gets
   * @param misdeliverPing the ping number sent with another connection's id (0: none)
   */
  public static VMRegistry registry(Counts counts, int maxTicks, long skipSequence, int maxPings, long misdeliverPing) {
    return new VMRegistry()
        .registerMulticast("BroadcastVM", () -> new Broadcast(maxTicks, skipSequence))
        .register("EchoVM", context -> new Echo(context, counts, maxPings, misdeliverPing))
        .registerMulticast("SharedEchoVM", () -> new SharedEcho(counts, maxPings))
        .registerMulticast("ChatRoomVM", context -> context.vmArg().path("ChatRoom").asString("Lobby"),
            context -> new ChatRoom(counts));
  }

  /**
   * The first ping of a client waits a second, not one interval: the load tester takes the first
   * Response_VM for the full state and answers nothing in it, so a ping that reaches the client
   * before its full state (the server thread preempted for more than one 50 ms interval between
   * the join and the full state, as on a loaded machine) was never ponged and ended that client's
   * chain (LoadTestIT saw 110 of 120 shared-echo pings, one client's ten).
   */
  static final Duration FIRST_PING = Duration.ofSeconds(1);

  static double now() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1000.0 + now.getNano() / 1_000_000.0;
  }

  static final class Broadcast extends MulticastVM {
    private final Property<Tick> tick = property("Tick", Tick.class, null);
    private final int maxTicks;
    private final long skip;
    private long sequence;
    private int sent;
    private boolean ticking;
    private VMTimer start;

    Broadcast(int maxTicks, long skip) {
      this.maxTicks = maxTicks;
      this.skip = skip;
    }

    @Override
    protected synchronized void onMemberJoined(VMContext member) {
      if (ticking) return;
      Duration interval = Duration.ofMillis(member.vmArg().path("TickInterval").asInt(1000));
      // The first tick waits until no client has joined for a second, so every client of a test
      // has joined before it however slowly a loaded machine connects them (a second after the
      // first join was a race: the tests count every tick for every client).
      if (start != null) start.cancel();
      start = scheduleOnce(Duration.ofSeconds(1), () -> startTicking(interval));
    }

    private synchronized void startTicking(Duration interval) {
      if (ticking) return;
      ticking = true;
      tick();
      schedule(interval, this::tick);
    }

    private synchronized void tick() {
      if (sent >= maxTicks) return;
      sequence++;
      if (sequence == skip) sequence++;
      sent++;
      tick.set(new Tick(now(), sequence));
      pushUpdates();
    }
  }

  static final class Echo extends BaseVM {
    private final Property<Payload> ping = property("Ping", Payload.class, null);
    private final String connectionId;
    private final Counts counts;
    private final int maxPings;
    private final long misdeliver;
    private final Duration interval;
    private long sequence;

    Echo(VMContext context, Counts counts, int maxPings, long misdeliver) {
      this.connectionId = context.connectionId();
      this.counts = counts;
      this.maxPings = maxPings;
      this.misdeliver = misdeliver;
      this.interval = Duration.ofMillis(context.vmArg().path("PingInterval").asInt(1000));
      command("Pong", Payload.class, pong -> {
        counts.pongsReceived.incrementAndGet();
        scheduleOnce(interval, this::sendPing);
      });
      scheduleOnce(FIRST_PING, this::sendPing);
    }

    private synchronized void sendPing() {
      if (sequence >= maxPings) return;
      sequence++;
      counts.pingsSent.incrementAndGet();
      String to = sequence == misdeliver ? "someone-else" : connectionId;
      ping.set(new Payload(to, now(), sequence, 1.5, 1.5));
      pushUpdates();
      // A misdelivered ping gets no pong; carry on as if it had.
      if (sequence == misdeliver) scheduleOnce(interval, this::sendPing);
    }
  }

  static final class SharedEcho extends MulticastVM {
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final Map<String, Duration> intervals = new ConcurrentHashMap<>();
    private final Counts counts;
    private final int maxPings;

    SharedEcho(Counts counts, int maxPings) {
      this.counts = counts;
      this.maxPings = maxPings;
      property("Ping", Payload.class, null);
      command("Pong", Payload.class, (VMContext caller, Payload pong) -> {
        counts.pongsReceived.incrementAndGet();
        schedulePing(caller.connectionId(), intervals.get(caller.connectionId()));
      });
    }

    @Override
    protected void onMemberJoined(VMContext member) {
      sequences.put(member.connectionId(), new AtomicLong());
      intervals.put(member.connectionId(), Duration.ofMillis(member.vmArg().path("PingInterval").asInt(1000)));
      schedulePing(member.connectionId(), FIRST_PING);
    }

    @Override
    protected void onMemberLeft(String connectionId) {
      sequences.remove(connectionId);
    }

    private void schedulePing(String connectionId, Duration delay) {
      scheduleOnce(delay, () -> {
        AtomicLong sequence = sequences.get(connectionId);
        if (sequence == null || sequence.get() >= maxPings) return;
        counts.pingsSent.incrementAndGet();
        send(List.of(connectionId), "Ping", new Payload(connectionId, now(), sequence.incrementAndGet(), 2, 2));
      });
    }
  }

  static final class ChatRoom extends MulticastVM {
    private final ListProperty<Message> messages = list("Messages", Message.class, "MessageId", Message::messageId);

    ChatRoom(Counts counts) {
      command("SendMessage", Message.class, (VMContext caller, Message m) -> {
        synchronized (this) {
          messages.add(m);
          while (messages.size() > 20) messages.remove(messages.items().get(0).messageId());
          counts.chatDeliveries.addAndGet(memberConnectionIds().size());
          pushUpdates();
        }
      });
    }
  }
}
