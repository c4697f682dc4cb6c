package io.hubscope.observer.nodes;

import io.hubscope.observer.rates.RateRing;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the observer knows about one hub node (a proxy or an app server): identity, its
 * incarnations (one per process start), totals, throughput and host rings, tap statistics and the
 * ids of its open connections (for resync). It outlives restarts, so totals, rings and meters go
 * on across them; it goes away only when the node falls silent (see {@link NodeRegistry#expire}).
 */
public final class NodeState {

  /** Starts kept for the node's page and for telling a late batch from a restart. */
  static final int STARTS_KEPT = 10;

  /** Drop causes a tap reports; others are folded into {@code other} to keep tags bounded. */
  public static final Set<String> DROP_CAUSES = Set.of("queue_full", "observer_down", "too_large", "other");

  private final String id;
  private volatile String role = "unknown";
  private volatile String name = "";
  private volatile String address = "";
  private volatile long startedAt;
  private volatile long lastSeen;
  private volatile int incarnation;
  /** Newest first, at most {@link #STARTS_KEPT}; guarded by this. */
  private final ArrayDeque<NodeStart> starts = new ArrayDeque<>();
  /** Set when the registry forgot the node, so a racing batch goes to a new state instead. */
  private boolean removed;

  final LongAdder msgsIn = new LongAdder();
  final LongAdder msgsOut = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  private final AtomicInteger activeConnections = new AtomicInteger();
  private final Set<String> openConnectionIds = ConcurrentHashMap.newKeySet();
  private final RateRing rates = new RateRing();
  private final HostRing host = new HostRing();
  private volatile HostSample lastHost;
  /** The nodes it reports being linked to; null until it reports links (older taps never do). */
  private volatile List<LinkedNode> links;
  private final TapStats tap = new TapStats();
  private volatile ResyncProgress resync = new ResyncProgress();

  NodeState(String id, long startedAt, long now) {
    this.id = id;
    this.startedAt = startedAt;
    this.lastSeen = now;
    this.incarnation = 1;
    starts.addFirst(new NodeStart(1, startedAt, now));
  }

  /**
   * Takes a batch's node header. A {@code startedAt} other than the current one is a restart,
   * unless it is one of the recent earlier starts: then it is a late batch of a process that is
   * gone, and changes nothing here (so the node never flips back). An earlier start the observer
   * never saw is a restart too (the node's clock went back). Returns null when the registry
   * already forgot this node.
   */
  synchronized Incarnation arrive(String role, String name, String address, long startedAt, long now) {
    if (removed) {
      return null;
    }
    Incarnation result = Incarnation.CURRENT;
    if (startedAt != this.startedAt) {
      if (startedAt < this.startedAt && knownStart(startedAt)) {
        return Incarnation.EARLIER;
      }
      incarnation++;
      this.startedAt = startedAt;
      starts.addFirst(new NodeStart(incarnation, startedAt, now));
      if (starts.size() > STARTS_KEPT) {
        starts.removeLast();
      }
      // A new process numbers its resyncs afresh.
      resync = new ResyncProgress();
      result = Incarnation.RESTARTED;
    }
    describe(role, name, address);
    lastSeen = Math.max(lastSeen, now);
    return result;
  }

  private boolean knownStart(long startedAt) {
    for (NodeStart s : starts) {
      if (s.startedAt() == startedAt) {
        return true;
      }
    }
    return false;
  }

  void describe(String role, String name, String address) {
    if (role != null) {
      this.role = role;
    }
    if (name != null) {
      this.name = name;
    }
    if (address != null) {
      this.address = address;
    }
  }

  /** Marks the node forgotten if it has been silent since before {@code silentSince}; true if this call did. */
  synchronized boolean retireIfSilent(long silentSince) {
    if (removed || lastSeen >= silentSince) {
      return false;
    }
    removed = true;
    return true;
  }

  /** Counts {@code messages} messages of {@code bytes} bytes at second {@code epochSecond}. */
  public void count(long epochSecond, boolean in, long messages, long bytes) {
    if (in) {
      msgsIn.add(messages);
      bytesIn.add(bytes);
    } else {
      msgsOut.add(messages);
      bytesOut.add(bytes);
    }
    rates.add(epochSecond, in, messages, bytes);
  }

  public void host(HostSample sample) {
    lastHost = sample;
    host.put(Math.floorDiv(sample.ts(), 1000), sample);
  }

  /**
   * The nodes this one is linked to now, replacing what it reported before; at most
   * {@link LinkedNode#MAX_PER_NODE} are kept. They go when the node is forgotten.
   */
  public void links(List<LinkedNode> reported) {
    links = List.copyOf(reported.size() > LinkedNode.MAX_PER_NODE
        ? reported.subList(0, LinkedNode.MAX_PER_NODE) : reported);
  }

  /** The nodes it last reported being linked to; null when it never reported links. */
  public List<LinkedNode> links() {
    return links;
  }

  public void connectionOpened(String connectionId) {
    if (openConnectionIds.add(connectionId)) {
      activeConnections.incrementAndGet();
    }
  }

  public void connectionClosed(String connectionId) {
    if (openConnectionIds.remove(connectionId)) {
      activeConnections.decrementAndGet();
    }
  }

  /** Ids of this node's connections the observer holds as open (a live view). */
  public Set<String> openConnectionIds() {
    return openConnectionIds;
  }

  public String id() { return id; }
  public String role() { return role; }
  public String name() { return name; }
  public String address() { return address; }
  public long startedAt() { return startedAt; }
  public long lastSeen() { return lastSeen; }
  /** 1 for the first process the observer saw of this node, one more per restart. */
  public int incarnation() { return incarnation; }
  public int activeConnections() { return activeConnections.get(); }
  public long messagesIn() { return msgsIn.sum(); }
  public long messagesOut() { return msgsOut.sum(); }
  public long bytesIn() { return bytesIn.sum(); }
  public long bytesOut() { return bytesOut.sum(); }
  public RateRing rates() { return rates; }
  public HostSample lastHost() { return lastHost; }
  public TapStats tap() { return tap; }
  public ResyncProgress resync() { return resync; }

  /** The latest starts, newest first (at most {@value #STARTS_KEPT}). */
  public synchronized List<NodeStart> starts() {
    return new ArrayList<>(starts);
  }

  public HostSeries hostSeries(long nowSecond, int seconds) {
    return host.series(nowSecond, seconds);
  }

  /** Tap drops per cause observed so far, summed over the node's restarts. */
  public Map<String, Long> droppedByCause() {
    return tap.droppedByCause();
  }
}
