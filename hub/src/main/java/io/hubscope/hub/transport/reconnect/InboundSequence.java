package io.hubscope.hub.transport.reconnect;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the trackable messages a stateful client sends, so that what it resends after a reconnect
 * is processed once, and tells when an {@code Ack} is due. Counting is confined to the connection's
 * event loop; {@link #ackDue()} may be called from a timer thread.
 */
public final class InboundSequence {

  private long next = 1;
  private final AtomicLong latest = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();

  /** Numbers the next trackable message; false when it is a duplicate to ignore. */
  public boolean accept() {
    long id = next++;
    if (id <= latest.get()) return false;
    latest.set(id);
    return true;
  }

  /**
   * The client's {@code Sequence} message: its next trackable message carries {@code sequenceId}.
   * False when that would skip messages never received (the client lost them): a protocol error.
   */
  public boolean reset(long sequenceId) {
    if (sequenceId < 1 || sequenceId > next) return false;
    next = sequenceId;
    return true;
  }

  /** The sequence id to acknowledge when something arrived since the last ack, else -1. */
  public long ackDue() {
    long l = latest.get();
    long a = acked.get();
    return l > a && acked.compareAndSet(a, l) ? l : -1;
  }

  /** A new socket: the last ack may have died with the old one, so the next {@link #ackDue()} repeats it. */
  public void resumed() {
    acked.set(0);
  }

  /** The highest trackable id processed. */
  public long latest() {
    return latest.get();
  }
}
