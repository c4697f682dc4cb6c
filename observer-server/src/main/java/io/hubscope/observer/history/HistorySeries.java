package io.hubscope.observer.history;

/**
 * History buckets for a chart: {@code t} bucket starts (epoch seconds), totals per bucket each
 * way, and the average number of open connections in the bucket.
 */
public record HistorySeries(
    long step, long[] t, long[] msgsIn, long[] msgsOut, long[] bytesIn, long[] bytesOut,
    long[] connections) {}
