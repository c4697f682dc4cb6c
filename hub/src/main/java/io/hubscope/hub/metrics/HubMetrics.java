package io.hubscope.hub.metrics;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.limit.Limit;
import io.hubscope.hub.pipeline.CallType;

/**
 * What the hub counts. {@link #NOOP} costs nothing; apps plug in {@link MicrometerHubMetrics};
 * tests use {@code InMemoryHubMetrics} (test-jar). Called on hot paths: implementations must not block.
 */
public interface HubMetrics {

  void connectionOpened();

  void connectionClosed(CloseReason reason);

  void messageReceived(int bytes);

  void messageSent(int bytes);

  /** A refused input: a protocol error kind or a call error such as {@code unknown_target}. */
  void error(String kind);

  /** A client refused because it would pass {@code limit} (HTTP 429/503, a call error). */
  void refused(Limit limit);

  /**
   * One client invocation was dispatched: {@code nanos} from the decoded invocation to its handler's
   * result or error. {@code call} is the view-model call, or null for a custom hub method.
   */
  void dispatched(CallType call, long nanos);

  /** A stateful reconnect client resumed its connection on a new socket; {@code replayed} messages were resent. */
  default void reconnected(int replayed) {}

  HubMetrics NOOP = new HubMetrics() {
    @Override public void connectionOpened() {}
    @Override public void connectionClosed(CloseReason reason) {}
    @Override public void messageReceived(int bytes) {}
    @Override public void messageSent(int bytes) {}
    @Override public void error(String kind) {}
    @Override public void refused(Limit limit) {}
    @Override public void dispatched(CallType call, long nanos) {}
  };
}
