package io.hubscope.observer.ingest;

import static io.hubscope.observer.ingest.TapField.*;

import io.hubscope.observer.connections.ConnectionOpen;
import io.hubscope.observer.connections.ConnectionState;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.connections.ResyncChunk;
import io.hubscope.observer.nodes.Arrival;
import io.hubscope.observer.nodes.BatchHeader;
import io.hubscope.observer.nodes.HostSample;
import io.hubscope.observer.nodes.Incarnation;
import io.hubscope.observer.nodes.LinkedNode;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.nodes.NodeState;
import io.hubscope.observer.payloads.LoggedMessage;
import io.hubscope.observer.payloads.MessageLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Applies tap batches (docs/tap-events.md) to the in-memory aggregation. Runs on the caller's
 * thread without a global lock: state is per node and per connection. Batches come read with a
 * streaming parser ({@link IngestBatch}), not as trees: a tree of each batch was most of the
 * observer's ingest cost.
 */
public final class IngestService {

  private static final Logger log = LoggerFactory.getLogger(IngestService.class);
  /** Events older than the throughput window, or from a clock far ahead, count at "now". */
  private static final long MAX_FUTURE_SECONDS = 2;
  /** Close reason of the connections a node's previous process held open when the node restarted. */
  public static final String NODE_RESTARTED = "node_restarted";
  /** Close reason of the connections a node held open when it fell silent and was forgotten. */
  public static final String NODE_EXPIRED = "node_expired";

  private final NodeRegistry nodes;
  private final ConnectionTable connections;
  private final MessageLog messages;
  private final Clock clock;
  private final int maxPayloadChars;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private volatile boolean warnedMalformed;
  private final List<Consumer<LoggedMessage>> messageListeners = new CopyOnWriteArrayList<>();

  public IngestService(NodeRegistry nodes, ConnectionTable connections, MessageLog messages, Clock clock) {
    this(nodes, connections, messages, clock, Integer.MAX_VALUE);
  }

  /** {@code maxPayloadChars} cuts payloads from a tap that truncates less than it should. */
  public IngestService(NodeRegistry nodes, ConnectionTable connections, MessageLog messages, Clock clock,
      int maxPayloadChars) {
    this.maxPayloadChars = maxPayloadChars;
    this.nodes = nodes;
    this.connections = connections;
    this.messages = messages;
    this.clock = clock;
  }

  /** Called with every mirrored message on the ingest thread (the groups page counts them): keep it cheap. */
  public void onMessage(Consumer<LoggedMessage> listener) {
    messageListeners.add(listener);
  }

  /** A batch given as a tree (tests, tools): the same as its JSON text read by {@link IngestBatch}. */
  public IngestResult ingest(JsonNode batch) {
    return ingest(IngestBatch.of(batch));
  }

  public IngestResult ingest(IngestBatch batch) {
    long now = clock.millis();
    List<TapFields> events = batch.events();
    int eventCount = events != null ? events.size() : 0;
    BatchHeader header = header(batch);
    Arrival arrival = header == null ? null : nodes.batch(header, now);
    if (arrival == null) {
      return count(0, Math.max(1, eventCount), "batch without a valid node, or too many nodes");
    }
    NodeState node = arrival.node();
    batches.increment();
    if (arrival.incarnation() == Incarnation.RESTARTED) {
      // The previous process is gone, and its connections with it.
      long endedBy = header.startedAt() > 0 ? Math.min(header.startedAt(), now) : now;
      connections.closeNode(node, endedBy, NODE_RESTARTED);
    }
    if (events == null) {
      return count(0, 1, "batch without an events array from " + node.id());
    }
    boolean late = arrival.incarnation() == Incarnation.EARLIER;
    int ok = 0;
    long nowSecond = Math.floorDiv(now, 1000);
    for (TapFields event : events) {
      boolean applied = event != null
          && (late ? applyLate(node, event, nowSecond) : apply(node, event, nowSecond));
      if (applied) {
        ok++;
      }
    }
    return count(ok, eventCount - ok, late
        ? "malformed events, or opens, resyncs and host samples of an earlier process of " + node.id()
            + " (its batch came after the restart)"
        : "malformed or unknown events from " + node.id());
  }

  /**
   * Forgets the nodes silent for longer than {@code expireAfterMillis}, closing the connections
   * they held open; their meters go with them. Returns how many nodes were forgotten.
   */
  public int expireSilentNodes(long now, long expireAfterMillis) {
    return nodes.expire(now - expireAfterMillis, n -> connections.closeNode(n, now, NODE_EXPIRED)).size();
  }

  /**
   * An event of a process that has since restarted: its messages and closes happened and count;
   * what it opened, resynced or sampled would describe the current process wrongly, so is rejected.
   */
  private boolean applyLate(NodeState node, TapFields event, long nowSecond) {
    String type = event.text(TYPE);
    return ("msg".equals(type) || "close".equals(type)) && apply(node, event, nowSecond);
  }

  private IngestResult count(int ok, int bad, String why) {
    accepted.add(ok);
    if (bad > 0) {
      rejected.add(bad);
      // Once at WARN, then DEBUG: a broken tap must not flood the log.
      if (!warnedMalformed) {
        warnedMalformed = true;
        log.warn("Rejected {} tap event(s): {} (further rejections are logged at DEBUG)", bad, why);
      } else {
        log.debug("Rejected {} tap event(s): {}", bad, why);
      }
    }
    return new IngestResult(ok, bad);
  }

  private static BatchHeader header(IngestBatch batch) {
    TapFields node = batch.node();
    if (node == null) {
      return null;
    }
    String id = node.shortText(ID);
    if (id == null || id.isBlank()) {
      return null;
    }
    TapFields fields = batch.fields();
    return new BatchHeader(id, node.shortText(ROLE), node.shortText(NAME),
        node.shortText(ADDRESS), node.number(STARTED_AT, 0),
        fields.number(SEQ, -1), fields.counts(DROPPED));
  }

  private boolean apply(NodeState node, TapFields event, long nowSecond) {
    String type = event.text(TYPE);
    long ts = event.number(TS, Long.MIN_VALUE);
    if (type == null || ts == Long.MIN_VALUE) {
      return false;
    }
    switch (type) {
      case "msg":
        return message(node, event, ts, nowSecond);
      case "open":
        ConnectionOpen open = open(node, event, ts);
        if (open == null) {
          return false;
        }
        // Over the cap the connection is counted as untracked, yet the event itself was valid.
        connections.open(open, node);
        return true;
      case "close":
        return close(node, event, ts);
      case "host":
        return host(node, event, ts);
      case "resync":
        return resync(node, event, ts);
      default:
        return false;
    }
  }

  private boolean message(NodeState node, TapFields event, long ts, long nowSecond) {
    String dir = event.text(DIR);
    long size = event.number(SIZE, -1);
    if (size < 0 || size > Integer.MAX_VALUE || !("in".equals(dir) || "out".equals(dir))) {
      return false;
    }
    String conn = event.shortText(CONN);
    long recipients = event.number(RECIPIENTS, 1);
    if (recipients < 1 || recipients > Integer.MAX_VALUE) {
      return false;
    }
    boolean in = dir.charAt(0) == 'i';
    long bytes = size * recipients;
    node.count(second(ts, nowSecond), in, recipients, bytes);
    String payload = event.text(PAYLOAD);
    boolean truncated = event.flag(TRUNCATED);
    if (payload != null && payload.length() > maxPayloadChars) {
      payload = payload.substring(0, maxPayloadChars);
      truncated = true;
    }
    LoggedMessage logged = new LoggedMessage(messages.claim(), ts, node.id(), conn, in ? "in" : "out",
        event.shortText(CALL), event.shortText(VM), (int) size, (int) recipients,
        event.shortText(GROUP), payload, truncated);
    messages.put(logged);
    for (Consumer<LoggedMessage> listener : messageListeners) {
      listener.accept(logged);
    }
    if (conn != null) {
      ConnectionState state = connections.active(conn);
      if (state != null) {
        state.message(logged, recipients, bytes);
      }
    }
    return true;
  }

  private static long second(long ts, long nowSecond) {
    long second = Math.floorDiv(ts, 1000);
    if (second > nowSecond + MAX_FUTURE_SECONDS || second <= nowSecond - 900) {
      return nowSecond;
    }
    return second;
  }

  private static ConnectionOpen open(NodeState node, TapFields event, long ts) {
    String conn = event.shortText(CONN);
    if (conn == null || conn.isEmpty()) {
      return null;
    }
    return new ConnectionOpen(node.id(), conn, ts, event.shortText(IP),
        (int) event.number(PORT, 0), event.shortText(UA), event.headers(),
        event.shortText(TRANSPORT), event.shortText(PROTOCOL));
  }

  private boolean close(NodeState node, TapFields event, long ts) {
    String conn = event.shortText(CONN);
    if (conn == null) {
      return false;
    }
    String reason = event.shortText(REASON);
    connections.close(conn, ts, reason == null ? "unknown" : reason, event.shortText(ERROR), node);
    return true;
  }

  private static boolean host(NodeState node, TapFields event, long ts) {
    double cpuSystem = event.decimal(CPU_SYSTEM);
    if (Double.isNaN(cpuSystem)) {
      return false;
    }
    node.host(new HostSample(ts, cpuSystem, event.decimal(CPU_PROCESS),
        event.number(MEM_USED, 0), event.number(MEM_TOTAL, 0),
        Math.max(0, event.number(RSS, 0)),
        event.number(HEAP_USED, 0), event.number(HEAP_MAX, 0),
        event.number(CONNECTIONS, 0), event.number(QUEUE_DEPTH, 0),
        event.number(QUEUE_BYTES, 0)));
    List<LinkedNode> links = event.links();
    if (links != null) {
      node.links(links);
    }
    return true;
  }

  /** One chunk of a resync; an event without id, part and last (older taps) is a whole resync. */
  private boolean resync(NodeState node, TapFields event, long ts) {
    List<TapFields> conns = event.objects(CONNS);
    long part = event.number(PART, 0);
    Boolean last = event.bool(LAST);
    if (conns == null || part < 0 || part > Integer.MAX_VALUE || (event.has(LAST) && last == null)) {
      return false;
    }
    List<ConnectionOpen> listed = new ArrayList<>(conns.size());
    for (TapFields entry : conns) {
      ConnectionOpen open = entry != null ? open(node, entry, entry.number(TS, ts)) : null;
      if (open != null) {
        listed.add(open);
      }
    }
    connections.resync(node, new ResyncChunk(event.number(ID, 0), (int) part,
        last == null || last, listed), ts);
    return true;
  }

  public long accepted() { return accepted.sum(); }
  public long rejected() { return rejected.sum(); }
  public long batches() { return batches.sum(); }
}
