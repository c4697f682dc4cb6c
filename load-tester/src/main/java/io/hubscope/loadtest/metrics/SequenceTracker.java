package io.hubscope.loadtest.metrics;

import java.util.BitSet;
import java.util.function.LongPredicate;

/**
 * The sequence numbers one receiver saw from one source. Missed = the gaps between the lowest and
 * the highest sequence seen, so messages before a client joined or after it left are not counted
 * as missed, and duplicates count once. Not thread-safe: one tracker belongs to one connection,
 * whose callbacks all run on one event loop.
 */
public final class SequenceTracker {

  /** Room below the first sequence seen, for a start that arrives slightly out of order. */
  private static final long SLACK = 64;

  private long base = -1;
  private long lowest = Long.MAX_VALUE;
  private long highest = Long.MIN_VALUE;
  private long distinct;
  private final BitSet seen = new BitSet();

  /** Records {@code sequence}; true when it is new, false for a duplicate or one out of range. */
  public boolean record(long sequence) {
    if (base < 0) base = Math.max(0, sequence - SLACK);
    long offset = sequence - base;
    if (offset < 0 || offset >= Integer.MAX_VALUE) return false;
    int bit = (int) offset;
    if (seen.get(bit)) return false;
    seen.set(bit);
    distinct++;
    lowest = Math.min(lowest, sequence);
    highest = Math.max(highest, sequence);
    return true;
  }

  /** Distinct sequence numbers received. */
  public long received() {
    return distinct;
  }

  /** Sequence numbers between the lowest and highest seen that never arrived. */
  public long missed() {
    return distinct == 0 ? 0 : (highest - lowest + 1) - distinct;
  }

  /**
   * The same, less the sequence numbers {@code failedBack} says the sender was told had failed: a
   * message whose sender got an error was not silently lost.
   */
  public long missed(LongPredicate failedBack) {
    if (distinct == 0) return 0;
    long missed = 0;
    int last = (int) (highest - base);
    for (int bit = seen.nextClearBit((int) (lowest - base)); bit < last; bit = seen.nextClearBit(bit + 1)) {
      if (!failedBack.test(base + bit)) missed++;
    }
    return missed;
  }
}
