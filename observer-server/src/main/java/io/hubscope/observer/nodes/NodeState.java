package io.hubscope.observer.nodes;

import io.hubscope.observer.rates.RateRing;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the observer knows about one hub node (a proxy or an app server): identity, totals,
 * throughput and host rings, tap statistics and the ids of its open connections (for resync).
 */
public final class NodeState {

  /** Drop causes a tap reports; others are folded into {@code other} to keep tags bounded. */
  public static final Set<String> DROP_CAUSES = Set.of("queue_full", "observer_down", "too_large", "other");

  private final String id;
  private volatile String role = "unknown";
  private volatile String name = "";
  private volatile String address = "";
  private volatile long startedAt;
  private volatile long lastSeen;

  final LongAdder msgsIn = new LongAdder();
  final LongAdder msgsOut = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  private final AtomicInteger activeConnections = new AtomicInteger();
  private final Set<String> openConnectionIds = ConcurrentHashMap.newKeySet();
  private final RateRing rates = new RateRing();
  private final HostRing host = new HostRing();
  private volatile HostSample lastHost;
  private final TapStats tap = new TapStats();
  private final ResyncProgress resync = new ResyncProgress();

  NodeState(String id) {
    this.id = id;
  }

  void describe(String role, String name, String address, long startedAt, long now) {
    if (role != null) {
      this.role = role;
    }
    if (name != null) {
      this.name = name;
    }
    if (address != null) {
      this.address = address;
    }
    this.startedAt = startedAt;
    this.lastSeen = now;
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
  public int activeConnections() { return activeConnections.get(); }
  public long messagesIn() { return msgsIn.sum(); }
  public long messagesOut() { return msgsOut.sum(); }
  public long bytesIn() { return bytesIn.sum(); }
  public long bytesOut() { return bytesOut.sum(); }
  public RateRing rates() { return rates; }
  public HostSample lastHost() { return lastHost; }
  public TapStats tap() { return tap; }
  public ResyncProgress resync() { return resync; }

  public HostSeries hostSeries(long nowSecond, int seconds) {
    return host.series(nowSecond, seconds);
  }

  /** Tap drops per cause observed so far, summed over the node's restarts. */
  public Map<String, Long> droppedByCause() {
    return tap.droppedByCause();
  }
}
