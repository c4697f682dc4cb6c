package io.hubscope.loadtest.profile;

import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.metrics.SequenceTracker;
import io.hubscope.loadtest.protocol.JsonCursor;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chat room: joins {@code ChatRoomVM} of its room; posters send {@code SendMessage} every
 * {@code postEveryMillis} (lurkers never post). Every member, the sender included, receives each
 * message as {@code Messages_add}; latency is receipt time minus the message's {@code Time}, and
 * missed messages are the sequence gaps per (receiver, sender).
 */
final class ChatRoomClient extends ProfileClient {

  private static final byte[] MESSAGES_ADD = JsonCursor.name("Messages_add");
  private static final byte[] SENDER_ID = JsonCursor.name("SenderId");
  private static final byte[] SEQUENCE = JsonCursor.name("Sequence");
  private static final byte[] TIME = JsonCursor.name("Time");

  private final ObjectNode vmArg;
  private final String senderId;
  private final long postEveryMillis;
  private final ScheduledExecutorService timer;
  private final Map<String, SequenceTracker> senders = new HashMap<>(); // event loop only
  private long sequence; // timer thread only
  private double latencySum; // event loop only
  private long latencies;
  private volatile ScheduledFuture<?> posting;
  private volatile boolean stopped;

  ChatRoomClient(RunStats stats, String room, String senderId, long postEveryMillis, ScheduledExecutorService timer) {
    super(stats);
    this.vmArg = JsonNodeFactory.instance.objectNode().put("ChatRoom", room);
    this.senderId = senderId;
    this.postEveryMillis = postEveryMillis;
    this.timer = timer;
  }

  @Override
  public String vmId() {
    return "ChatRoomVM";
  }

  @Override
  public ObjectNode vmArg() {
    return vmArg;
  }

  @Override
  public void onJoined() {
    if (postEveryMillis <= 0 || stopped) return;
    // A random first post spreads the posters of a room evenly over their period.
    long first = ThreadLocalRandom.current().nextLong(postEveryMillis);
    posting = timer.scheduleAtFixedRate(this::post, first, postEveryMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stopSending() {
    stopped = true;
    ScheduledFuture<?> p = posting;
    if (p != null) p.cancel(false);
  }

  private void post() {
    if (stopped || !connection.isOpen()) return;
    long seq = ++sequence;
    ObjectNode message = JsonNodeFactory.instance.objectNode()
        .put("MessageId", senderId + "." + seq)
        .put("SenderId", senderId)
        .put("Time", EpochMillis.now())
        .put("Sequence", seq)
        .put("Text", "Message " + seq + " from " + senderId);
    ObjectNode update = JsonNodeFactory.instance.objectNode();
    update.set("SendMessage", message);
    stats.invoked();
    connection.invoke("Update_VM", vmId(), update)
        .subscribe(null, error -> { if (connection.isOpen()) stats.error("SendMessage failed: " + error.getMessage()); });
  }

  @Override
  public void onState(JsonCursor state, double nowMillis) {
    if (!state.findField(MESSAGES_ADD)) return; // the first full state, or only trimmed messages
    if (state.enterArray()) {
      while (state.nextElement()) onMessage(state, nowMillis);
    } else {
      onMessage(state, nowMillis);
    }
  }

  private void onMessage(JsonCursor message, double nowMillis) {
    String sender = "";
    long sequence = -1;
    double time = nowMillis;
    if (!message.enterObject()) {
      message.skipValue();
    } else {
      while (message.nextField()) {
        if (message.nameIs(SENDER_ID) && message.isString()) {
          sender = message.stringValue();
        } else if (message.nameIs(SEQUENCE) && message.isNumber()) {
          sequence = message.longValue();
        } else if (message.nameIs(TIME) && message.isNumber()) {
          time = message.doubleValue();
        } else {
          message.skipValue();
        }
      }
    }
    SequenceTracker tracker = senders.computeIfAbsent(sender, s -> new SequenceTracker());
    if (!tracker.record(sequence)) return;
    stats.received();
    double latency = nowMillis - time;
    stats.latency().recordMillis(latency);
    latencySum += latency;
    latencies++;
  }

  @Override
  public void finish() {
    long missed = 0;
    for (SequenceTracker tracker : senders.values()) missed += tracker.missed();
    stats.missed(missed);
    if (latencies > 0) stats.clientLatency().add(latencySum / latencies);
  }
}
