package io.hubscope.observer.nodes;

/**
 * One host telemetry event of a node, as the tap reports it once a second: the node process
 * ({@code cpuProcess}, {@code rss}, {@code heapUsed}, {@code heapMax}) and the host it runs on
 * ({@code cpuSystem}, {@code memUsed}, {@code memTotal}).
 *
 * @param rss the process's resident set size in bytes; 0 when the tap did not report it (older
 *     taps, platforms without OSHI)
 */
public record HostSample(
    long ts,
    double cpuSystem,
    double cpuProcess,
    long memUsed,
    long memTotal,
    long rss,
    long heapUsed,
    long heapMax,
    long connections,
    long queueDepth,
    long queueBytes) {}
