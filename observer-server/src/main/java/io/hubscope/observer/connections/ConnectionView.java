package io.hubscope.observer.connections;

import java.util.List;

/** A connection as the API shows it in lists. Times are epoch milliseconds. */
public record ConnectionView(
    String id,
    String node,
    String ip,
    int port,
    String userAgent,
    String transport,
    String protocol,
    String state,
    long openedAt,
    Long closedAt,
    String closeReason,
    long msgsIn,
    long msgsOut,
    long bytesIn,
    long bytesOut,
    long lastActivity,
    List<String> viewModels,
    String group) {}
