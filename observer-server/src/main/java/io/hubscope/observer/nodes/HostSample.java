package io.hubscope.observer.nodes;

/** One host telemetry event of a node, as the tap reports it once a second. */
public record HostSample(
    long ts,
    double cpuSystem,
    double cpuProcess,
    long memUsed,
    long memTotal,
    long heapUsed,
    long heapMax,
    long connections,
    long queueDepth,
    long queueBytes) {}
