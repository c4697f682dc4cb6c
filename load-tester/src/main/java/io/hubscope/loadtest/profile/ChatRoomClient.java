package io.hubscope.loadtest.profile;

import io.hubscope.loadtest.metrics.Resumption;
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
 * missed messages are the sequence gaps per (receiver, sender), less the messages whose send failed
 * back to their sender. A full state after joining (the proxy moved the client to another app server
 * and requested the room again) replaces the client's state, so its {@code Messages} are received too.
 */
final class ChatRoomClient extends ProfileClient {

  private static final byte[] MESSAGES_ADD = JsonCursor.name("Messages_add");
  private static final byte[] MESSAGES = JsonCursor.name("Messages");
  private static final byte[] SENDER_ID = JsonCursor.name("SenderId");
  private static final byte[] SEQUENCE = JsonCursor.name("Sequence");
  private static final byte[] TIME = JsonCursor.name("Time");

  private final ObjectNode vmArg;
  private final String senderId;
  private final long postEveryMillis;
  private final ScheduledExecutorService timer;
  private final Map<String, SequenceTracker> senders = new HashMap<>(); // event loop only
  private Resumption.Receiver resumption; // event loop only, then finish
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
    String messageId = senderId + "." + seq;
    ObjectNode message = JsonNodeFactory.instance.objectNode()
        .put("MessageId", messageId)
        .put("SenderId", senderId)
        .put("Time", EpochMillis.now())
        .put("Sequence", seq)
        .put("Text", "Message " + seq + " from " + senderId);
    ObjectNode update = JsonNodeFactory.instance.objectNode();
    update.set("SendMessage", message);
    stats.invoked();
    connection.invoke("Update_VM", vmId(), update)
        .subscribe(null, error -> {
          if (connection.isOpen()) stats.sendFailed(messageId, "SendMessage failed: " + error.getMessage());
        });
  }

  @Override
  public void onState(JsonCursor state, double nowMillis) {
    // Messages_add: pushed messages; Messages: a full state again (after a move to another app
    // server, its messages count as delivered); neither: only trimmed messages.
    if (!state.enterObject()) return;
    while (state.nextField()) {
      if (state.nameIs(MESSAGES_ADD) || state.nameIs(MESSAGES)) {
        if (state.enterArray()) {
          while (state.nextElement()) onMessage(state, nowMillis);
        } else {
          onMessage(state, nowMillis);
        }
      } else {
        state.skipValue();
      }
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
    resumption().received(time, nowMillis);
    double latency = nowMillis - time;
    stats.latency().recordMillis(latency);
    latencySum += latency;
    latencies++;
  }

  private Resumption.Receiver resumption() {
    if (resumption == null) resumption = stats.resumption().receiver();
    return resumption;
  }

  @Override
  public void finish() {
    long missed = 0;
    for (Map.Entry<String, SequenceTracker> sender : senders.entrySet()) {
      String prefix = sender.getKey() + ".";
      missed += sender.getValue().missed(seq -> stats.failedBack(prefix + seq));
    }
    stats.missed(missed);
    stats.resumption().add(resumption());
    if (latencies > 0) stats.clientLatency().add(latencySum / latencies);
  }
}
