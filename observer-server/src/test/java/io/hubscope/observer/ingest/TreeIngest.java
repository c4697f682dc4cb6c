package io.hubscope.observer.ingest;

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
 * The ingest that walked a tree of each batch, as it was before batches were read with a streaming
 * parser (IngestService at f9bc016, its expiry and listeners left out): the reference the streamed
 * ingest is held to, batch for batch (see IngestParityTests). Keep it as it is; it is the old
 * behaviour, not a second implementation to maintain.
 */
final class TreeIngest {

  private static final Logger log = LoggerFactory.getLogger(TreeIngest.class);
  /** Events older than the throughput window, or from a clock far ahead, count at "now". */
  private static final long MAX_FUTURE_SECONDS = 2;
  private static final String NODE_RESTARTED = IngestService.NODE_RESTARTED;

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

  TreeIngest(NodeRegistry nodes, ConnectionTable connections, MessageLog messages, Clock clock,
      int maxPayloadChars) {
    this.maxPayloadChars = maxPayloadChars;
    this.nodes = nodes;
    this.connections = connections;
    this.messages = messages;
    this.clock = clock;
  }

  IngestResult ingest(JsonNode batch) {
    long now = clock.millis();
    JsonNode events = batch == null ? null : batch.get("events");
    int eventCount = events != null && events.isArray() ? events.size() : 0;
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
    if (events == null || !events.isArray()) {
      return count(0, 1, "batch without an events array from " + node.id());
    }
    boolean late = arrival.incarnation() == Incarnation.EARLIER;
    int ok = 0;
    long nowSecond = Math.floorDiv(now, 1000);
    for (JsonNode event : events) {
      boolean applied = event != null && event.isObject()
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
   * An event of a process that has since restarted: its messages and closes happened and count;
   * what it opened, resynced or sampled would describe the current process wrongly, so is rejected.
   */
  private boolean applyLate(NodeState node, JsonNode event, long nowSecond) {
    String type = Json.text(event, "type");
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

  private static BatchHeader header(JsonNode batch) {
    if (batch == null || !batch.isObject()) {
      return null;
    }
    JsonNode node = batch.get("node");
    if (node == null || !node.isObject()) {
      return null;
    }
    String id = Json.shortText(node, "id");
    if (id == null || id.isBlank()) {
      return null;
    }
    return new BatchHeader(id, Json.shortText(node, "role"), Json.shortText(node, "name"),
        Json.shortText(node, "address"), Json.number(node, "startedAt", 0),
        Json.number(batch, "seq", -1), Json.counts(batch.get("dropped")));
  }

  private boolean apply(NodeState node, JsonNode event, long nowSecond) {
    String type = Json.text(event, "type");
    long ts = Json.number(event, "ts", Long.MIN_VALUE);
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

  private boolean message(NodeState node, JsonNode event, long ts, long nowSecond) {
    String dir = Json.text(event, "dir");
    long size = Json.number(event, "size", -1);
    if (size < 0 || size > Integer.MAX_VALUE || !("in".equals(dir) || "out".equals(dir))) {
      return false;
    }
    String conn = Json.shortText(event, "conn");
    long recipients = Json.number(event, "recipients", 1);
    if (recipients < 1 || recipients > Integer.MAX_VALUE) {
      return false;
    }
    boolean in = dir.charAt(0) == 'i';
    long bytes = size * recipients;
    node.count(second(ts, nowSecond), in, recipients, bytes);
    String payload = Json.text(event, "payload");
    boolean truncated = Json.flag(event, "truncated");
    if (payload != null && payload.length() > maxPayloadChars) {
      payload = payload.substring(0, maxPayloadChars);
      truncated = true;
    }
    LoggedMessage logged = new LoggedMessage(messages.claim(), ts, node.id(), conn, in ? "in" : "out",
        Json.shortText(event, "call"), Json.shortText(event, "vm"), (int) size, (int) recipients,
        Json.shortText(event, "group"), payload, truncated);
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

  private static ConnectionOpen open(NodeState node, JsonNode event, long ts) {
    String conn = Json.shortText(event, "conn");
    if (conn == null || conn.isEmpty()) {
      return null;
    }
    return new ConnectionOpen(node.id(), conn, ts, Json.shortText(event, "ip"),
        (int) Json.number(event, "port", 0), Json.shortText(event, "ua"), Json.headers(event),
        Json.shortText(event, "transport"), Json.shortText(event, "protocol"));
  }

  private boolean close(NodeState node, JsonNode event, long ts) {
    String conn = Json.shortText(event, "conn");
    if (conn == null) {
      return false;
    }
    String reason = Json.shortText(event, "reason");
    connections.close(conn, ts, reason == null ? "unknown" : reason, Json.shortText(event, "error"), node);
    return true;
  }

  private static boolean host(NodeState node, JsonNode event, long ts) {
    double cpuSystem = Json.decimal(event, "cpuSystem");
    if (Double.isNaN(cpuSystem)) {
      return false;
    }
    node.host(new HostSample(ts, cpuSystem, Json.decimal(event, "cpuProcess"),
        Json.number(event, "memUsed", 0), Json.number(event, "memTotal", 0),
        Math.max(0, Json.number(event, "rss", 0)),
        Json.number(event, "heapUsed", 0), Json.number(event, "heapMax", 0),
        Json.number(event, "connections", 0), Json.number(event, "queueDepth", 0),
        Json.number(event, "queueBytes", 0)));
    List<LinkedNode> links = Json.links(event, LinkedNode.MAX_PER_NODE);
    if (links != null) {
      node.links(links);
    }
    return true;
  }

  /** One chunk of a resync; an event without id, part and last (older taps) is a whole resync. */
  private boolean resync(NodeState node, JsonNode event, long ts) {
    JsonNode conns = event.get("conns");
    long part = Json.number(event, "part", 0);
    JsonNode last = event.get("last");
    if (conns == null || !conns.isArray() || part < 0 || part > Integer.MAX_VALUE
        || (last != null && !last.isBoolean())) {
      return false;
    }
    List<ConnectionOpen> listed = new ArrayList<>(conns.size());
    for (JsonNode entry : conns) {
      ConnectionOpen open = entry.isObject() ? open(node, entry, Json.number(entry, "ts", ts)) : null;
      if (open != null) {
        listed.add(open);
      }
    }
    connections.resync(node, new ResyncChunk(Json.number(event, "id", 0), (int) part,
        last == null || last.asBoolean(), listed), ts);
    return true;
  }

  public long accepted() { return accepted.sum(); }
  public long rejected() { return rejected.sum(); }
  public long batches() { return batches.sum(); }
}
