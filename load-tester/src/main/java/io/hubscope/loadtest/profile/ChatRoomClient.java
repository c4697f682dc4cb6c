package io.hubscope.loadtest.profile;

import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.metrics.SequenceTracker;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chat room: joins {@code ChatRoomVM} of its room; posters send {@code SendMessage} every
 * {@code postEveryMillis} (lurkers never post). Every member, the sender included, receives each
 * message as {@code Messages_add}; latency is receipt time minus the message's {@code Time}, and
 * missed messages are the sequence gaps per (receiver, sender).
 */
final class ChatRoomClient extends ProfileClient {

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
  public void onState(JsonNode state, double nowMillis) {
    JsonNode added = state.get("Messages_add");
    if (added == null) return; // the first full state, or only trimmed messages
    if (added.isArray()) {
      for (JsonNode message : added) onMessage(message, nowMillis);
    } else {
      onMessage(added, nowMillis);
    }
  }

  private void onMessage(JsonNode message, double nowMillis) {
    String sender = message.path("SenderId").asString("");
    SequenceTracker tracker = senders.computeIfAbsent(sender, s -> new SequenceTracker());
    if (!tracker.record(message.path("Sequence").asLong(-1))) return;
    stats.received();
    double latency = nowMillis - message.path("Time").asDouble(nowMillis);
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
