package io.hubscope.observer.nodes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Statistics of one node's tap: batches received, sequence gaps (batches lost in flight) and drops
 * by cause. Taps report cumulative drop totals since their process started, so a lost batch loses
 * nothing; a restart (a new {@code startedAt}) starts the totals again, which is why the observer
 * keeps its own running sum.
 */
public final class TapStats {

  private long batches;
  private long lastSeq = -1;
  private long seqGaps;
  private long startedAt = Long.MIN_VALUE;
  private final Map<String, Long> lastReported = new LinkedHashMap<>();
  private final Map<String, Long> droppedSum = new LinkedHashMap<>();

  public TapStats() {
    for (String cause : new String[] {"queue_full", "observer_down", "too_large", "other"}) {
      droppedSum.put(cause, 0L);
    }
  }

  /** Records one batch; {@code seq} < 0 means absent. */
  synchronized void batch(long startedAt, long seq) {
    batches++;
    if (startedAt != this.startedAt) {
      this.startedAt = startedAt;
      lastSeq = -1;
      lastReported.clear();
    }
    if (seq >= 0) {
      if (lastSeq >= 0 && seq > lastSeq + 1) {
        seqGaps += seq - lastSeq - 1;
      }
      if (seq > lastSeq) {
        lastSeq = seq;
      }
    }
  }

  /** Takes the node's cumulative total for one cause. */
  synchronized void dropped(String cause, long cumulative) {
    String key = NodeState.DROP_CAUSES.contains(cause) ? cause : "other";
    long previous = lastReported.getOrDefault(cause, 0L);
    if (cumulative > previous) {
      droppedSum.merge(key, cumulative - previous, Long::sum);
      lastReported.put(cause, cumulative);
    }
  }

  public synchronized long batches() { return batches; }
  public synchronized long lastSeq() { return lastSeq; }
  public synchronized long seqGaps() { return seqGaps; }

  public synchronized Map<String, Long> droppedByCause() {
    return new LinkedHashMap<>(droppedSum);
  }

  public synchronized long dropped(String cause) {
    return droppedSum.getOrDefault(cause, 0L);
  }

  public synchronized long droppedTotal() {
    long sum = 0;
    for (long v : droppedSum.values()) {
      sum += v;
    }
    return sum;
  }
}
