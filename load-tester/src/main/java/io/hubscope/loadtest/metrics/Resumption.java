package io.hubscope.loadtest.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * How long clients went without messages after a disruption (an app server killed): each client's
 * time from the disruption until it first received a message <em>sent</em> after it. A message sent
 * before it and still in flight proves nothing about the path a client has now, so it does not count.
 * Nothing is measured until {@link #mark(double)} is called.
 */
public final class Resumption {

  private volatile double markMillis = Double.NaN;
  private final List<Double> delays = new ArrayList<>(); // guarded by this
  private int never; // guarded by this

  /** The disruption happened at {@code epochMillis} (the clients' clock). */
  public void mark(double epochMillis) {
    markMillis = epochMillis;
  }

  /** What one client saw; its methods run on the client's event loop, {@link #add} once at the end. */
  public Receiver receiver() {
    return new Receiver();
  }

  /** Adds one client's figure; a client that received nothing sent after the disruption counts as never resumed. */
  public synchronized void add(Receiver receiver) {
    double mark = markMillis;
    if (Double.isNaN(mark)) return;
    if (Double.isNaN(receiver.firstAfterMillis)) {
      never++;
    } else {
      delays.add(Math.max(0, receiver.firstAfterMillis - mark));
    }
  }

  /** The figures over the clients added so far, or null when no disruption was marked. */
  public synchronized Summary summary() {
    if (Double.isNaN(markMillis)) return null;
    double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    double max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    return new Summary(sorted.length + never, never, round(median), round(max));
  }

  private static double round(double millis) {
    return Math.round(millis * 10) / 10.0;
  }

  /** One client's first receipt of a message sent after the disruption. Not thread-safe: one event loop. */
  public final class Receiver {

    private double firstAfterMillis = Double.NaN;

    private Receiver() {}

    /** A message sent at {@code sentMillis} arrived at {@code receivedMillis} (epoch ms, the same clock). */
    public void received(double sentMillis, double receivedMillis) {
      if (!Double.isNaN(firstAfterMillis)) return;
      double mark = markMillis;
      if (!Double.isNaN(mark) && sentMillis >= mark) firstAfterMillis = receivedMillis;
    }
  }

  /**
   * @param clients clients counted (connected until the end)
   * @param never those that received nothing sent after the disruption
   * @param medianMillis the median client's time until it received again
   * @param everyClientMillis the time until every client but the {@code never} ones received again
   */
  public record Summary(int clients, int never, double medianMillis, double everyClientMillis) {}
}
