package io.hubscope.observer.connections;

import io.hubscope.observer.payloads.LoggedMessage;
import java.util.List;
import java.util.Map;

/** One connection with its request headers and recent payloads each way (newest first). */
public record ConnectionDetail(
    ConnectionView connection,
    Map<String, String> headers,
    String error,
    List<LoggedMessage> recentIn,
    List<LoggedMessage> recentOut) {}
