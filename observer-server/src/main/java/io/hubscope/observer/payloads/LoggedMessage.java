package io.hubscope.observer.payloads;

/**
 * One mirrored message as kept in the recent-message log and in its connection's recent payloads.
 * {@code conn} is null for a fan-out event, which reached {@code recipients} connections.
 */
public record LoggedMessage(
    long seq,
    long ts,
    String node,
    String conn,
    String dir,
    String call,
    String vm,
    int size,
    int recipients,
    String group,
    String payload,
    boolean truncated) {}
