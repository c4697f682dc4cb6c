package io.hubscope.observer.nodes;

import java.util.Map;

/** The node part of a tap batch: who sent it, its sequence number and cumulative drops. */
public record BatchHeader(
    String id, String role, String name, String address, long startedAt, long seq,
    Map<String, Long> dropped) {}
