package io.hubscope.observer.connections;

import io.hubscope.observer.payloads.LoggedMessage;
import io.hubscope.observer.payloads.PayloadBudget;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One client connection as a node reported it. Mutated by the ingest of its node (one sender per
 * node, so its monitor is practically uncontended) and read by queries under the same monitor.
 */
public final class ConnectionState {

  static final int MAX_VIEW_MODELS = 32;

  private final String id;
  private final String node;
  private final String ip;
  private final int port;
  private final String userAgent;
  private final Map<String, String> headers;
  private final String transport;
  private final String protocol;
  private final long openedAt;
  private volatile long closedAt;
  private String closeReason;
  private String error;
  private long msgsIn;
  private long msgsOut;
  private long bytesIn;
  private long bytesOut;
  private long lastActivity;
  private String group;
  private final Set<String> viewModels = new LinkedHashSet<>();
  /** The view model of the last message, already in {@link #viewModels}: most messages repeat it. */
  private String lastViewModel;
  private final LoggedMessage[] recentIn;
  private final LoggedMessage[] recentOut;
  /**
   * What each ring slot took from the budget: giving it back must not read the old message (long
   * out of the cache by then; reading its payload's length was a tenth of ingest's samples).
   */
  private final int[] recentInHeld;
  private final int[] recentOutHeld;
  private long recentInCount;
  private long recentOutCount;
  private final PayloadBudget budget;

  public ConnectionState(ConnectionOpen open, int payloadsPerDirection, PayloadBudget budget) {
    this.budget = budget;
    this.id = open.conn();
    this.node = open.node();
    this.ip = open.ip();
    this.port = open.port();
    this.userAgent = open.ua();
    this.headers = open.headers();
    this.transport = open.transport();
    this.protocol = open.protocol();
    this.openedAt = open.ts();
    this.lastActivity = open.ts();
    this.recentIn = new LoggedMessage[payloadsPerDirection];
    this.recentOut = new LoggedMessage[payloadsPerDirection];
    this.recentInHeld = new int[payloadsPerDirection];
    this.recentOutHeld = new int[payloadsPerDirection];
  }

  /** Counts a message of this connection and keeps it among the recent payloads. */
  public synchronized void message(LoggedMessage m, long count, long bytes) {
    boolean in = "in".equals(m.dir());
    if (in) {
      msgsIn += count;
      bytesIn += bytes;
    } else {
      msgsOut += count;
      bytesOut += bytes;
    }
    if (m.ts() > lastActivity) {
      lastActivity = m.ts();
    }
    if (m.group() != null) {
      group = m.group();
    }
    trackViewModel(m.call(), m.vm());
    if (m.payload() != null && recentIn.length > 0) {
      LoggedMessage[] ring = in ? recentIn : recentOut;
      int[] held = in ? recentInHeld : recentOutHeld;
      int slot = (int) ((in ? recentInCount++ : recentOutCount++) % ring.length);
      release(held, slot);
      int chars = m.payload().length();
      if (budget.tryAcquire(chars)) {
        ring[slot] = m;
        held[slot] = chars;
      } else {
        ring[slot] = withoutPayload(m);
      }
    }
  }

  private void release(int[] held, int slot) {
    if (held[slot] > 0) {
      budget.release(held[slot]);
      held[slot] = 0;
    }
  }

  private static LoggedMessage withoutPayload(LoggedMessage m) {
    return new LoggedMessage(m.seq(), m.ts(), m.node(), m.conn(), m.dir(), m.call(), m.vm(), m.size(),
        m.recipients(), m.group(), null, m.truncated());
  }

  /** Gives the payloads' room back to the budget; called when the connection is evicted. */
  synchronized void releasePayloads() {
    for (int i = 0; i < recentIn.length; i++) {
      release(recentInHeld, i);
      release(recentOutHeld, i);
      recentIn[i] = null;
      recentOut[i] = null;
    }
  }

  private void trackViewModel(String call, String vm) {
    if (vm == null) {
      return;
    }
    if ("Dispose_VM".equals(call)) {
      viewModels.remove(vm);
      lastViewModel = null;
    } else if (!vm.equals(lastViewModel) && viewModels.size() < MAX_VIEW_MODELS) {
      viewModels.add(vm);
      lastViewModel = vm;
    }
  }

  synchronized void close(long ts, String reason, String error) {
    this.closedAt = Math.max(ts, openedAt);
    this.closeReason = reason;
    this.error = error;
  }

  public String id() { return id; }
  public String node() { return node; }
  public String ip() { return ip; }
  public int port() { return port; }
  public String userAgent() { return userAgent; }
  public Map<String, String> headers() { return headers; }
  public String transport() { return transport; }
  public String protocol() { return protocol; }
  public long openedAt() { return openedAt; }
  public long closedAt() { return closedAt; }
  public boolean isOpen() { return closedAt == 0; }
  public synchronized String closeReason() { return closeReason; }
  public synchronized String error() { return error; }
  public synchronized long msgsIn() { return msgsIn; }
  public synchronized long msgsOut() { return msgsOut; }
  public synchronized long bytesIn() { return bytesIn; }
  public synchronized long bytesOut() { return bytesOut; }
  public synchronized long lastActivity() { return lastActivity; }
  public synchronized String group() { return group; }

  public synchronized List<String> viewModels() {
    return new ArrayList<>(viewModels);
  }

  /** Recent payloads of one direction, newest first. */
  public synchronized List<LoggedMessage> recent(boolean in) {
    LoggedMessage[] ring = in ? recentIn : recentOut;
    long count = in ? recentInCount : recentOutCount;
    List<LoggedMessage> out = new ArrayList<>(ring.length);
    for (int i = 0; i < Math.min(count, ring.length); i++) {
      int index = (int) Math.floorMod(count - 1 - i, (long) ring.length);
      out.add(ring[index]);
    }
    return out;
  }

  /** A consistent copy of the counters, for views and history. */
  public synchronized ConnectionView view() {
    return new ConnectionView(id, node, ip, port, userAgent, transport, protocol,
        isOpen() ? "active" : "closed", openedAt, closedAt == 0 ? null : closedAt, closeReason,
        msgsIn, msgsOut, bytesIn, bytesOut, lastActivity, new ArrayList<>(viewModels), group);
  }
}
