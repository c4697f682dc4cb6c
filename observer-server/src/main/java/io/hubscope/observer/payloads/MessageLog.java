package io.hubscope.observer.payloads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The recent-message log: a lock-free ring of the last {@code capacity} messages. Writers claim a
 * sequence number and store into its slot; readers walk sequence numbers and skip slots that a
 * writer has already reused, so nobody waits.
 */
public final class MessageLog {

  private final AtomicLong nextSeq = new AtomicLong();
  private final AtomicReferenceArray<LoggedMessage> ring;
  private final int mask;

  public MessageLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity < 1: " + capacity);
    }
    // A power of two, so a sequence number maps to its slot with a mask.
    int size = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    this.ring = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
  }

  public int capacity() {
    return mask + 1;
  }

  public long claim() {
    return nextSeq.getAndIncrement();
  }

  public void put(LoggedMessage message) {
    ring.lazySet((int) (message.seq() & mask), message);
  }

  /** Sequence number the next message will get. */
  public long head() {
    return nextSeq.get();
  }

  /** The newest {@code limit} messages matching {@code filter}, newest first. */
  public List<LoggedMessage> latest(Predicate<LoggedMessage> filter, int limit) {
    List<LoggedMessage> out = new ArrayList<>(Math.min(limit, 256));
    long head = nextSeq.get();
    long oldest = Math.max(0, head - capacity());
    for (long seq = head - 1; seq >= oldest && out.size() < limit; seq--) {
      LoggedMessage m = ring.get((int) (seq & mask));
      if (m != null && m.seq() == seq && filter.test(m)) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * Messages after {@code afterSeq} matching {@code filter}, oldest first, at most {@code limit};
   * the result says how many matching ones did not fit and how many were already overwritten.
   */
  public Tail since(long afterSeq, Predicate<LoggedMessage> filter, int limit) {
    long head = nextSeq.get();
    long from = afterSeq + 1;
    long oldest = Math.max(0, head - capacity());
    long lost = 0;
    if (from < oldest) {
      lost = oldest - from;
      from = oldest;
    }
    List<LoggedMessage> matched = new ArrayList<>(Math.min(limit, 256));
    long skipped = 0;
    for (long seq = from; seq < head; seq++) {
      LoggedMessage m = ring.get((int) (seq & mask));
      if (m == null || m.seq() != seq) {
        lost++;
        continue;
      }
      if (!filter.test(m)) {
        continue;
      }
      if (matched.size() < limit) {
        matched.add(m);
      } else {
        skipped++;
      }
    }
    // Keep the newest when over the cap: a tail shows what is happening now.
    if (skipped > 0) {
      List<LoggedMessage> newest = new ArrayList<>(limit);
      for (long seq = head - 1; seq >= from && newest.size() < limit; seq--) {
        LoggedMessage m = ring.get((int) (seq & mask));
        if (m != null && m.seq() == seq && filter.test(m)) {
          newest.add(0, m);
        }
      }
      matched = newest;
    }
    return new Tail(matched, skipped + lost, head - 1);
  }

  /** A slice of the log for one subscriber: what it gets, what it missed, where it is now. */
  public record Tail(List<LoggedMessage> messages, long skipped, long lastSeq) {}
}
