package io.hubscope.hub.metrics;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.limit.Limit;
import io.hubscope.hub.pipeline.CallType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counts in memory, for tests (in the hub's test-jar). */
public final class InMemoryHubMetrics implements HubMetrics {

  private final AtomicLong active = new AtomicLong();
  private final LongAdder messagesIn = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder messagesOut = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<CloseReason, LongAdder> closes = new ConcurrentHashMap<>();
  private final Map<Limit, LongAdder> refusals = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> dispatches = new ConcurrentHashMap<>();
  private final LongAdder reconnects = new LongAdder();
  private final LongAdder replayed = new LongAdder();

  @Override public void connectionOpened() { active.incrementAndGet(); }

  @Override
  public void connectionClosed(CloseReason reason) {
    active.decrementAndGet();
    closes.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  @Override
  public void messageReceived(int bytes) {
    messagesIn.increment();
    bytesIn.add(bytes);
  }

  @Override
  public void messageSent(int bytes) {
    messagesOut.increment();
    bytesOut.add(bytes);
  }

  @Override
  public void error(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  @Override
  public void refused(Limit limit) {
    refusals.computeIfAbsent(limit, l -> new LongAdder()).increment();
  }

  @Override
  public void reconnected(int replayedMessages) {
    reconnects.increment();
    replayed.add(replayedMessages);
  }

  public long reconnects() { return reconnects.sum(); }
  public long replayed() { return replayed.sum(); }

  @Override
  public void dispatched(CallType call, long nanos) {
    if (nanos < 0) throw new IllegalArgumentException("nanos < 0: " + nanos);
    dispatches.computeIfAbsent(call == null ? "method" : call.method(), c -> new LongAdder()).increment();
  }

  /** Dispatches timed for {@code method}: {@code Request_VM}, ... or {@code method} for custom hub methods. */
  public long dispatches(String method) {
    LongAdder a = dispatches.get(method);
    return a == null ? 0 : a.sum();
  }

  public long activeConnections() { return active.get(); }
  public long messagesIn() { return messagesIn.sum(); }
  public long bytesIn() { return bytesIn.sum(); }
  public long messagesOut() { return messagesOut.sum(); }
  public long bytesOut() { return bytesOut.sum(); }

  public long errors(String kind) {
    LongAdder a = errors.get(kind);
    return a == null ? 0 : a.sum();
  }

  public long closes(CloseReason reason) {
    LongAdder a = closes.get(reason);
    return a == null ? 0 : a.sum();
  }

  public long refusals(Limit limit) {
    LongAdder a = refusals.get(limit);
    return a == null ? 0 : a.sum();
  }
}
