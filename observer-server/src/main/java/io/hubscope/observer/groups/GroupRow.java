package io.hubscope.observer.groups;

/**
 * One group or view model now: open member connections the observer tracks, messages per second
 * each way (the last five complete seconds), totals since the observer first saw it and the time
 * of its last message (0 when none since the observer started).
 */
public record GroupRow(String id, int members, double inPerSecond, double outPerSecond, long msgsIn,
    long msgsOut, long lastActivity) {}
