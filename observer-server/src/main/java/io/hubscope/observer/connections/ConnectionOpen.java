package io.hubscope.observer.connections;

import java.util.Map;

/** An {@code open} event (or one entry of a {@code resync}) as the ingest parsed it. */
public record ConnectionOpen(
    String node, String conn, long ts, String ip, int port, String ua, Map<String, String> headers,
    String transport, String protocol) {}
