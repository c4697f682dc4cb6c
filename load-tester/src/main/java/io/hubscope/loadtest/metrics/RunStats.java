package io.hubscope.loadtest.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the clients of one run count, shared by all of them. Counters are striped so
 * thousands of clients on several event loops don't contend on one cache line: per thread for
 * the three that count every message ({@link ThreadCounter}), {@link LongAdder} for the rest.
 */
public final class RunStats {

  /** A {@link System#nanoTime} that has not happened yet (nanoTime itself may be any long). */
  public static final long NOT_YET = Long.MIN_VALUE;

  private final ThreadCounter received = new ThreadCounter();
  private final ThreadCounter invoked = new ThreadCounter();
  private final ThreadCounter responded = new ThreadCounter();
  private final LongAdder missed = new LongAdder();
  private final LongAdder misdelivered = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger everConnected = new AtomicInteger();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final LatencyRecorder latency = new LatencyRecorder();
  private final Averages clientLatency = new Averages();
  private final Averages clientInterval = new Averages();
  private final LongAccumulator longestGapNanos = new LongAccumulator(Long::max, 0);
  /** When the run phase started and ended ({@link System#nanoTime}); {@link #NOT_YET} before. */
  private volatile long runStartNanos = NOT_YET;
  private volatile long runEndNanos = NOT_YET;
  private final Set<String> failedSends = ConcurrentHashMap.newKeySet();
  private final Resumption resumption = new Resumption();

  /** One hub invocation written by a client. */
  public void invoked() {
    invoked.increment();
  }

  /** One Response_VM received by a client, whatever its content. */
  public void responded() {
    responded.increment();
  }

  public long invokedCount() {
    return invoked.sum();
  }

  public long respondedCount() {
    return responded.sum();
  }

  /** One message counted (a distinct sequence number, or a round trip). */
  public void received() {
    received.increment();
  }

  public void missed(long count) {
    missed.add(count);
  }

  public void misdelivered() {
    misdelivered.increment();
  }

  /** Something went wrong that a user should hear about; the first message is kept for the summary. */
  public void error(String message) {
    errors.increment();
    firstError.compareAndSet(null, message);
  }

  /**
   * A message the client sent failed back to it with an error (an error, too): its receivers'
   * sequence gap for it is not a silent loss.
   */
  public void sendFailed(String messageId, String message) {
    failedSends.add(messageId);
    error(message);
  }

  /** Whether the send of {@code messageId} failed back to its sender. */
  public boolean failedBack(String messageId) {
    return failedSends.contains(messageId);
  }

  public long failedSendCount() {
    return failedSends.size();
  }

  /** How long clients went without messages after a disruption, when one is marked. */
  public Resumption resumption() {
    return resumption;
  }

  public void connectFailed(String message) {
    connectFailures.increment();
    firstError.compareAndSet(null, message);
  }

  /** The server or the network closed a connection the test did not close. */
  public void dropped(String message) {
    dropped.increment();
    firstError.compareAndSet(null, message);
  }

  public void connected() {
    connected.incrementAndGet();
    everConnected.incrementAndGet();
  }

  public void disconnected() {
    connected.decrementAndGet();
  }

  public LatencyRecorder latency() {
    return latency;
  }

  public Averages clientLatency() {
    return clientLatency;
  }

  public Averages clientInterval() {
    return clientInterval;
  }

  /** A client's longest silence in the run phase ({@link #runPhaseSilence}); the longest is kept. */
  public void clientLongestGap(long nanos) {
    longestGapNanos.accumulate(nanos);
  }

  /** The longest time any client went without a message in the run phase (ms); 0 when none was kept. */
  public double longestGapMillis() {
    return longestGapNanos.get() / 1e6;
  }

  /** The measured phase (every client connected) starts or ends. */
  public void runPhase(boolean running) {
    if (running) {
      runStartNanos = System.nanoTime();
    } else {
      runEndNanos = System.nanoTime();
    }
  }

  /**
   * The part of a client's silence that lies in the run phase: from its last message at
   * {@code sinceNanos} ({@link #NOT_YET}: none so far) to {@code untilNanos}, both cut to the phase;
   * 0 when they miss it. A client that stops receiving is silent until the phase ends, and one that
   * received nothing in it, for the whole phase.
   */
  public long runPhaseSilence(long sinceNanos, long untilNanos) {
    long start = runStartNanos;
    if (start == NOT_YET) return 0;
    long end = runEndNanos;
    long to = end == NOT_YET ? untilNanos : Math.min(untilNanos, end);
    return Math.max(0, to - Math.max(sinceNanos, start));
  }

  public long receivedCount() {
    return received.sum();
  }

  public long missedCount() {
    return missed.sum();
  }

  public long misdeliveredCount() {
    return misdelivered.sum();
  }

  public long errorCount() {
    return errors.sum();
  }

  public long connectFailureCount() {
    return connectFailures.sum();
  }

  public long droppedCount() {
    return dropped.sum();
  }

  public int connectedNow() {
    return connected.get();
  }

  public int everConnectedCount() {
    return everConnected.get();
  }

  public String firstError() {
    return firstError.get();
  }
}
