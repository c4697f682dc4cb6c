package io.hubscope.observer.nodes;

/** A batch's node, and which of its incarnations sent the batch. */
public record Arrival(NodeState node, Incarnation incarnation) {}
