package io.hubscope.hub.transport.reconnect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The trackable messages sent on one stateful connection that the client has not acknowledged yet,
 * numbered from 1 in send order and bounded in bytes. Thread-safe: pushes come from any thread,
 * acks from the event loop and a replay from the reconnecting socket.
 */
public final class ReplayBuffer {

  private record Entry(long sequenceId, byte[] frame) {}

  private final long maxBytes;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long lastSequenceId;
  private long bytes;

  public ReplayBuffer(long maxBytes) {
    if (maxBytes < 1) throw new IllegalArgumentException("maxBytes < 1: " + maxBytes);
    this.maxBytes = maxBytes;
  }

  /**
   * Numbers and keeps {@code frame}; false (nothing kept, no number used) when it would take the
   * unacknowledged bytes past the bound.
   */
  public synchronized boolean append(byte[] frame) {
    if (bytes + frame.length > maxBytes) return false;
    entries.addLast(new Entry(++lastSequenceId, frame));
    bytes += frame.length;
    return true;
  }

  /** Drops every message up to and including {@code sequenceId}; returns how many were dropped. */
  public synchronized int ack(long sequenceId) {
    int dropped = 0;
    while (!entries.isEmpty() && entries.peekFirst().sequenceId() <= sequenceId) {
      bytes -= entries.removeFirst().frame().length;
      dropped++;
    }
    return dropped;
  }

  /**
   * The id the next replayed or new message carries: what a {@code Sequence} message announces
   * after a reconnect.
   */
  public synchronized long nextSequenceId() {
    return entries.isEmpty() ? lastSequenceId + 1 : entries.peekFirst().sequenceId();
  }

  /** The unacknowledged frames, oldest first. */
  public synchronized List<byte[]> unacknowledged() {
    List<byte[]> frames = new ArrayList<>(entries.size());
    for (Entry e : entries) frames.add(e.frame());
    return frames;
  }

  /** The highest sequence id handed out so far (0 before the first message). */
  public synchronized long lastSequenceId() {
    return lastSequenceId;
  }

  public synchronized long bufferedBytes() {
    return bytes;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
