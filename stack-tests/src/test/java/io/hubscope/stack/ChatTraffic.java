package io.hubscope.stack;

import static org.awaitility.Awaitility.await;

import io.hubscope.stack.StackClients.Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Messages in one room of app-server's {@code ChatRoomVM} and their account. Each sender posts
 * {@code SendMessage} once per tick, the next only after the previous one was answered, so a
 * sender's messages reach the room in its order. Every message is accounted for: its sender was
 * answered OK or with an error, and each member of the room saw it (as a {@code Messages_add} push
 * or in a full state) or not, once or more, in which order.
 */
final class ChatTraffic implements AutoCloseable {

  static final String VM = "ChatRoomVM";
  private static final int MAX_PROBLEMS = 40;

  /** One message and how its {@code Update_VM} ended; the answer is set on an event loop. */
  static final class Sent {
    final String id;
    final int sender;
    final long sequence;
    final long sentNanos;
    volatile boolean answered;
    volatile String error;

    Sent(String id, int sender, long sequence, long sentNanos) {
      this.id = id;
      this.sender = sender;
      this.sequence = sequence;
      this.sentNanos = sentNanos;
    }

    boolean ok() {
      return answered && error == null;
    }
  }

  private final List<Client> senders;
  private final List<ChatView> views = new ArrayList<>();
  private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "chat-senders");
    t.setDaemon(true);
    return t;
  });
  // The ticker thread's only.
  private final Sent[] last;
  private long sequence;

  /** Traffic in the room {@code members} joined, posted by {@code senders} (members too). */
  ChatTraffic(List<Client> members, List<Client> senders) {
    this.senders = List.copyOf(senders);
    this.last = new Sent[senders.size()];
    for (Client c : members) views.add(new ChatView(c));
  }

  /** Starts posting: each sender once per {@code interval}, when its previous message was answered. */
  void start(Duration interval) {
    ticker.scheduleAtFixedRate(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    for (int i = 0; i < senders.size(); i++) {
      if (last[i] != null && !last[i].answered) continue;
      Client sender = senders.get(i);
      long seq = ++sequence;
      Sent s = new Sent("m" + seq + "-from-" + sender.index, sender.index, seq, System.nanoTime());
      last[i] = s;
      sent.add(s);
      Map<String, Object> message = Map.of("MessageId", s.id, "SenderId", "client-" + sender.index,
          "Time", (double) System.currentTimeMillis(), "Sequence", seq, "Text", "message " + seq);
      // The answer arrives on the connection's event loop: volatile writes only.
      sender.connection.invoke("Update_VM", VM, Map.of("SendMessage", message)).subscribe(
          ignored -> {},
          error -> {
            s.error = error.getClass().getSimpleName() + ": " + error.getMessage();
            s.answered = true;
          },
          () -> s.answered = true);
    }
  }

  /**
   * Stops posting and waits, at most {@code wait}, until every message sent so far was answered
   * (one still unanswered then is one of the {@link #problems()}).
   */
  void stop(Duration wait) throws InterruptedException {
    ticker.shutdown();
    ticker.awaitTermination(10, TimeUnit.SECONDS);
    try {
      await().atMost(wait).pollInterval(Duration.ofMillis(50)).until(() -> sent.stream().allMatch(s -> s.answered));
    } catch (ConditionTimeoutException e) {
      // Reported by problems(), message by message.
    }
  }

  /**
   * Waits, at most {@code wait}, until {@link #allDelivered()} (a message some member still lacks
   * then is one of the {@link #problems()}).
   */
  void awaitDelivered(Duration wait) {
    try {
      await().atMost(wait).pollInterval(Duration.ofMillis(200)).until(this::allDelivered);
    } catch (ConditionTimeoutException e) {
      // Reported by problems(), message by message.
    }
  }

  /** Messages sent so far. */
  List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Every member's view, brought up to date with what it received so far. */
  List<ChatView> views() {
    for (ChatView v : views) v.read();
    return views;
  }

  /** Whether every member saw every message its sender was answered OK for. */
  boolean allDelivered() {
    List<ChatView> current = views();
    for (Sent s : sent) {
      if (!s.ok()) continue;
      for (ChatView v : current) if (!v.seenAt.containsKey(s.id)) return false;
    }
    return true;
  }

  /**
   * When {@code v} first saw a message sent after {@code nanos} (as a push or in a full state):
   * the moment chat works again for it; null if it never did.
   */
  private Long resumedAt(ChatView v, long nanos) {
    Map<String, Sent> byId = byId();
    Long first = null;
    for (String id : v.order) {
      Sent s = byId.get(id);
      long at = v.seenAt.get(id);
      if (s != null && s.sentNanos - nanos > 0 && at - nanos > 0 && (first == null || at - first < 0)) first = at;
    }
    return first;
  }

  /**
   * How long after {@code nanos} each member first saw a message sent after it, in milliseconds,
   * waiting at most {@code wait} until all did; a member that never did is left out.
   */
  Map<ChatView, Long> resumeMillis(long nanos, Duration wait) {
    try {
      await().atMost(wait).pollInterval(Duration.ofMillis(200))
          .until(() -> views().stream().allMatch(v -> resumedAt(v, nanos) != null));
    } catch (ConditionTimeoutException e) {
      // The members left out say which.
    }
    Map<ChatView, Long> millis = new LinkedHashMap<>();
    for (ChatView v : views()) {
      Long at = resumedAt(v, nanos);
      if (at != null) millis.put(v, (at - nanos) / 1_000_000);
    }
    return millis;
  }

  /** The members left out of {@code resumed}, counted by path. */
  Map<String, Integer> notResumed(Map<ChatView, Long> resumed) {
    Map<String, Integer> paths = new TreeMap<>();
    for (ChatView v : views()) if (!resumed.containsKey(v)) paths.merge(v.client.path(), 1, Integer::sum);
    return paths;
  }

  /**
   * What went wrong, one line each: a message neither answered, nor seen by every member although
   * its sender was answered OK (silently lost), seen twice by a member, a sender's messages seen out
   * of its order, two members that saw two messages in opposite orders. Empty when all is well.
   */
  List<String> problems() {
    List<ChatView> current = views();
    Map<String, Sent> byId = byId();
    List<String> problems = new ArrayList<>();
    for (Sent s : sent) {
      if (!s.answered) problems.add(s.id + " was never answered");
      if (!s.ok()) continue;
      List<ChatView> missing = current.stream().filter(v -> !v.seenAt.containsKey(s.id)).toList();
      if (!missing.isEmpty()) {
        Map<String, Integer> paths = new TreeMap<>();
        for (ChatView v : missing) paths.merge(v.client.path(), 1, Integer::sum);
        problems.add(s.id + " was answered OK but " + missing.size() + " members never saw it, by path " + paths
            + ", e.g. " + missing.get(0).client);
      }
    }
    for (ChatView v : current) {
      if (!v.duplicates.isEmpty()) problems.add(v.client + " saw again " + v.duplicates);
      for (String reordering : v.reorderings) {
        problems.add(v.client + ": " + reordering + ", which it saw the other way round");
      }
      Map<Integer, Long> lastOfSender = new HashMap<>();
      for (String id : v.order) {
        Sent s = byId.get(id);
        if (s == null) {
          problems.add(v.client + " saw " + id + ", which nobody sent");
          continue;
        }
        Long previous = lastOfSender.put(s.sender, s.sequence);
        if (previous != null && previous > s.sequence) {
          problems.add(v.client + " saw " + id + " after a later message of the same sender (sequence " + previous + ")");
        }
      }
    }
    problems.addAll(ChatView.orderConflicts(current));
    if (problems.size() <= MAX_PROBLEMS) return problems;
    List<String> shown = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
    shown.add("... and " + (problems.size() - MAX_PROBLEMS) + " more");
    return shown;
  }

  /** How the messages ended: answered OK, or with an error and then seen by all, some or no members. */
  Map<String, Integer> outcomes() {
    List<ChatView> current = views();
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    for (Sent s : sent) {
      long seenBy = current.stream().filter(v -> v.seenAt.containsKey(s.id)).count();
      String outcome = !s.answered ? "unanswered"
          : s.ok() ? "ok"
          : seenBy == current.size() ? "error, seen by all"
          : seenBy == 0 ? "error, seen by none"
          : "error, seen by some";
      outcomes.merge(outcome, 1, Integer::sum);
    }
    return outcomes;
  }

  /** The errors senders were answered with, each once with how often. */
  Map<String, Integer> errors() {
    Map<String, Integer> errors = new LinkedHashMap<>();
    for (Sent s : sent) if (s.error != null) errors.merge(s.error, 1, Integer::sum);
    return errors;
  }

  private Map<String, Sent> byId() {
    Map<String, Sent> byId = new HashMap<>();
    for (Sent s : sent) byId.put(s.id, s);
    return byId;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
