package io.hubscope.observer.connections;

import io.hubscope.observer.nodes.NodeState;
import io.hubscope.observer.payloads.PayloadBudget;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Open connections (up to a cap) and recently closed ones (up to a cap and an age), keyed by
 * connection id. SignalR connection ids are random per node, so one key space serves all nodes.
 * Opens beyond the cap are counted as untracked: their node's throughput still counts them.
 */
public final class ConnectionTable {

  private final int maxActive;
  private final int maxClosed;
  private final long closedRetentionMillis;
  private final int payloadsPerDirection;
  private final PayloadBudget payloadBudget;
  private final ConcurrentHashMap<String, ConnectionState> active = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConnectionState> closed = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<ConnectionState> closedOrder = new ConcurrentLinkedDeque<>();
  private final AtomicInteger activeCount = new AtomicInteger();
  private final AtomicInteger closedCount = new AtomicInteger();
  private final LongAdder untracked = new LongAdder();
  private final List<Consumer<ConnectionState>> closeListeners = new CopyOnWriteArrayList<>();

  public ConnectionTable(int maxActive, int maxClosed, long closedRetentionMillis, int payloadsPerDirection) {
    this(maxActive, maxClosed, closedRetentionMillis, payloadsPerDirection, new PayloadBudget(Long.MAX_VALUE));
  }

  public ConnectionTable(int maxActive, int maxClosed, long closedRetentionMillis, int payloadsPerDirection,
      PayloadBudget payloadBudget) {
    if (maxActive < 1) {
      throw new IllegalArgumentException("maxActive < 1: " + maxActive);
    }
    if (maxClosed < 0) {
      throw new IllegalArgumentException("maxClosed < 0: " + maxClosed);
    }
    this.maxActive = maxActive;
    this.maxClosed = maxClosed;
    this.closedRetentionMillis = closedRetentionMillis;
    this.payloadsPerDirection = payloadsPerDirection;
    this.payloadBudget = payloadBudget;
  }

  /** Called with every connection that closes (history and metrics listen). */
  public void onClose(Consumer<ConnectionState> listener) {
    closeListeners.add(listener);
  }

  /** Tracks a newly opened connection; returns false when it is over the cap. */
  public boolean open(ConnectionOpen open, NodeState node) {
    ConnectionState existing = active.get(open.conn());
    if (existing != null) {
      return true;
    }
    if (activeCount.incrementAndGet() > maxActive) {
      activeCount.decrementAndGet();
      untracked.increment();
      return false;
    }
    ConnectionState state = new ConnectionState(open, payloadsPerDirection, payloadBudget);
    if (active.putIfAbsent(open.conn(), state) != null) {
      activeCount.decrementAndGet();
      return true;
    }
    node.connectionOpened(open.conn());
    return true;
  }

  /** Closes a connection; returns it, or null when it was not open here. */
  public ConnectionState close(String id, long ts, String reason, String error, NodeState node) {
    ConnectionState state = active.remove(id);
    if (state == null) {
      return null;
    }
    activeCount.decrementAndGet();
    if (node != null) {
      node.connectionClosed(id);
    }
    state.close(ts, reason, error);
    if (maxClosed == 0) {
      state.releasePayloads();
    } else {
      closed.put(id, state);
      closedOrder.addLast(state);
      closedCount.incrementAndGet();
      while (closedCount.get() > maxClosed) {
        evictOldestClosed();
      }
    }
    for (Consumer<ConnectionState> listener : closeListeners) {
      listener.accept(state);
    }
    return state;
  }

  /**
   * Applies one chunk of a node's resync: opens the listed connections not yet known and, after
   * the last chunk of a resync seen whole, closes with reason {@code unknown} the node's
   * connections the observer holds as open that no chunk listed. Returns how many were closed.
   */
  public int resync(NodeState node, ResyncChunk chunk, long ts) {
    List<String> listed = new ArrayList<>(chunk.conns().size());
    for (ConnectionOpen open : chunk.conns()) {
      open(open, node);
      // Only ids the node holds open matter for the closing, and so the progress stays bounded.
      if (node.openConnectionIds().contains(open.conn())) {
        listed.add(open.conn());
      }
    }
    Set<String> keep = node.resync().chunk(chunk.id(), chunk.part(), chunk.last(), listed);
    if (keep == null) {
      return 0;
    }
    int closedNow = 0;
    for (String id : List.copyOf(node.openConnectionIds())) {
      if (!keep.contains(id) && close(id, ts, "unknown", null, node) != null) {
        closedNow++;
      }
    }
    return closedNow;
  }

  /**
   * Closes every connection the observer holds open for {@code node}, with {@code reason}: its
   * process is gone (it restarted, or fell silent and was forgotten). Returns how many.
   */
  public int closeNode(NodeState node, long ts, String reason) {
    int closedNow = 0;
    for (String id : List.copyOf(node.openConnectionIds())) {
      if (close(id, ts, reason, null, node) != null) {
        closedNow++;
      }
    }
    return closedNow;
  }

  /** Evicts closed connections older than the retention; returns how many. */
  public int sweep(long now) {
    int evicted = 0;
    ConnectionState oldest;
    while ((oldest = closedOrder.peekFirst()) != null
        && now - oldest.closedAt() > closedRetentionMillis) {
      evictOldestClosed();
      evicted++;
    }
    return evicted;
  }

  private void evictOldestClosed() {
    // The count follows the eviction queue, so a reused id cannot grow it past the cap.
    ConnectionState oldest = closedOrder.pollFirst();
    if (oldest != null) {
      closedCount.decrementAndGet();
      closed.remove(oldest.id(), oldest);
      oldest.releasePayloads();
    }
  }

  public ConnectionState active(String id) {
    return active.get(id);
  }

  /** An open connection by id, else a recently closed one. */
  public ConnectionState find(String id) {
    ConnectionState state = active.get(id);
    return state != null ? state : closed.get(id);
  }

  public Collection<ConnectionState> activeConnections() {
    return active.values();
  }

  public Collection<ConnectionState> closedConnections() {
    return closed.values();
  }

  public int activeCount() {
    return activeCount.get();
  }

  public int closedCount() {
    return closedCount.get();
  }

  public PayloadBudget payloadBudget() {
    return payloadBudget;
  }

  public long untracked() {
    return untracked.sum();
  }
}
