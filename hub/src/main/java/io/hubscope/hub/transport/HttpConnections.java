package io.hubscope.hub.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Server-Sent Events and Long Polling connections of one hub, by connection token: their
 * requests (event stream, polls, sends, DELETE) come and go, so each one looks its connection up.
 * A finished connection's token is remembered for a while so a late poll is answered 204 (the
 * connection ended) rather than 404 (never heard of it).
 */
final class HttpConnections {

  private final ConcurrentMap<String, HttpConnection> live = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Long> finished = new ConcurrentHashMap<>();

  void add(String token, HttpConnection connection) {
    live.put(token, connection);
  }

  HttpConnection get(String token) {
    return live.get(token);
  }

  /** The connection ended at {@code nowNanos}; its token stays known until {@link #forgetFinished}. */
  void finished(String token, HttpConnection connection, long nowNanos) {
    if (live.remove(token, connection)) finished.put(token, nowNanos);
  }

  boolean isFinished(String token) {
    return finished.containsKey(token);
  }

  /** Forgets the tokens of connections that finished before {@code cutoffNanos}. */
  void forgetFinished(long cutoffNanos) {
    for (Map.Entry<String, Long> e : finished.entrySet()) {
      if (cutoffNanos - e.getValue() > 0) finished.remove(e.getKey(), e.getValue());
    }
  }

  int size() {
    return live.size();
  }
}
