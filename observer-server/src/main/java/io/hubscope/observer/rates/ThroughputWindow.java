package io.hubscope.observer.rates;

/**
 * Throughput columns for a chart: {@code t} holds bucket starts in epoch seconds, {@code step} the
 * bucket width in seconds; the other columns hold totals per bucket.
 */
public record ThroughputWindow(
    long step, long[] t, long[] msgsIn, long[] msgsOut, long[] bytesIn, long[] bytesOut) {}
