package io.hubscope.forward.metrics;

import io.hubscope.forward.Refusal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Counts in memory; for tests and for apps that only want to read the figures. */
public final class InMemoryForwardingMetrics implements ForwardingMetrics {

  private final LongAdder forwarded = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder bytesUp = new LongAdder();
  private final LongAdder bytesDown = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final Map<Refusal, LongAdder> refused = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> rehomed = new ConcurrentHashMap<>();
  private final Map<String, IntSupplier[]> pools = new ConcurrentHashMap<>();

  @Override public void forwarded() { forwarded.increment(); }
  @Override public void delivered(int recipients) { delivered.add(recipients); }

  @Override
  public void bytes(boolean up, long count) {
    (up ? bytesUp : bytesDown).add(count);
  }

  @Override
  public void refused(Refusal kind) {
    refused.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  @Override public void reconnect() { reconnects.increment(); }

  @Override
  public void answered(String upstream, long nanos) {
    if (nanos < 0) throw new IllegalArgumentException("nanos < 0: " + nanos);
    answered.increment();
  }

  @Override
  public void pool(String upstream, IntSupplier connected, int size, IntSupplier pending, IntSupplier clients) {
    pools.put(upstream, new IntSupplier[] {connected, pending, clients});
  }

  @Override
  public void rehomed(String from) {
    rehomed.computeIfAbsent(from, k -> new LongAdder()).increment();
  }

  public long forwardedCount() { return forwarded.sum(); }
  public long deliveredCount() { return delivered.sum(); }
  public long bytesUp() { return bytesUp.sum(); }
  public long bytesDown() { return bytesDown.sum(); }
  public long reconnects() { return reconnects.sum(); }
  /** Forwarded calls whose round trip was timed. */
  public long answeredCount() { return answered.sum(); }
  /** Pooled connections up, over every registered pool. */
  public int connected() { return sum(0); }
  /** Calls waiting for an answer, over every registered pool. */
  public int pending() { return sum(1); }

  /** Local clients pinned to {@code upstream} (host:port), as its gauge reads. */
  public int clients(String upstream) {
    IntSupplier[] pool = pools.get(upstream);
    return pool == null ? 0 : pool[2].getAsInt();
  }

  /** Clients moved away from {@code upstream}. */
  public long rehomedFrom(String upstream) {
    LongAdder a = rehomed.get(upstream);
    return a == null ? 0 : a.sum();
  }

  /** Clients moved between app servers, from any. */
  public long rehomedCount() {
    return rehomed.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private int sum(int index) {
    int n = 0;
    for (IntSupplier[] pool : pools.values()) n += pool[index].getAsInt();
    return n;
  }

  public long refusedCount(Refusal kind) {
    LongAdder a = refused.get(kind);
    return a == null ? 0 : a.sum();
  }
}
