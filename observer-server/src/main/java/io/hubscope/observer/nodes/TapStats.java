package io.hubscope.observer.nodes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Statistics of one node's tap: batches received, sequence gaps (batches lost in flight) and drops
 * by cause. Taps report cumulative drop totals since their process started, so a lost batch loses
 * nothing; a restart (a new {@code startedAt}) starts the totals again, which is why the observer
 * keeps its own running sum. A late batch of the previous process (it arrived after its successor's
 * first) still adds its drops, against that process's own totals.
 */
public final class TapStats {

  private long batches;
  private long lastSeq = -1;
  private long seqGaps;
  private long startedAt = Long.MIN_VALUE;
  private Map<String, Long> lastReported = new LinkedHashMap<>();
  private long previousStartedAt = Long.MIN_VALUE;
  private Map<String, Long> previousReported = new LinkedHashMap<>();
  private long lateBatches;
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
      previousStartedAt = this.startedAt;
      previousReported = lastReported;
      this.startedAt = startedAt;
      lastSeq = -1;
      lastReported = new LinkedHashMap<>();
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
    dropped(lastReported, cause, cumulative);
  }

  /**
   * Records a batch of an earlier process that arrived late: its drops count if it is the process
   * just replaced (whose totals are still known); its sequence number says nothing about the
   * current process's.
   */
  synchronized void late(long startedAt, Map<String, Long> dropped) {
    batches++;
    lateBatches++;
    if (startedAt == previousStartedAt) {
      dropped.forEach((cause, cumulative) -> dropped(previousReported, cause, cumulative));
    }
  }

  private void dropped(Map<String, Long> reported, String cause, long cumulative) {
    String key = NodeState.DROP_CAUSES.contains(cause) ? cause : "other";
    long previous = reported.getOrDefault(cause, 0L);
    if (cumulative > previous) {
      droppedSum.merge(key, cumulative - previous, Long::sum);
      reported.put(cause, cumulative);
    }
  }

  public synchronized long batches() { return batches; }
  public synchronized long lastSeq() { return lastSeq; }
  public synchronized long seqGaps() { return seqGaps; }
  /** Batches of an earlier process that arrived after its successor's. */
  public synchronized long lateBatches() { return lateBatches; }

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
