package io.hubscope.forward.metrics;

import io.hubscope.forward.Refusal;
import java.util.function.IntSupplier;

/**
 * What forwarding counts, on both ends of the pool. {@link #NOOP} costs nothing, apps plug in
 * {@link MicrometerForwardingMetrics}, tests read an in-memory one (forwarding's test jar). Called on
 * event loops: implementations must not block.
 */
public interface ForwardingMetrics {

  /** A client call or disconnect was handed to an upstream connection. */
  void forwarded();

  /** An upstream message (response, push, group send) reached {@code recipients} local clients. */
  void delivered(int recipients);

  /** Bytes written to ({@code up}) or read from the upstream sockets. */
  void bytes(boolean up, long count);

  /**
   * A call that could not be forwarded or answered; the client got an error.
   */
  void refused(Refusal kind);

  /** An upstream connection attempt failed or a connection was lost; one reconnect is scheduled. */
  void reconnect();

  /**
   * A forwarded call came back: {@code nanos} from handing it to the pooled upstream connection
   * to the app server's completion (result or error) arriving on that connection.
   */
  void answered(String upstream, long nanos);

  /**
   * Registers the live state of one app server's pool: connections up, pool size, calls waiting
   * for an answer, local clients pinned to it. {@code upstream} is the app server's host:port.
   */
  void pool(String upstream, IntSupplier connected, int size, IntSupplier pending, IntSupplier clients);

  /**
   * A client pinned to app server {@code from} (host:port) was moved to another one, with its view
   * models requested again there, because {@code from} became unreachable or was removed.
   */
  void rehomed(String from);

  ForwardingMetrics NOOP = new ForwardingMetrics() {
    @Override public void forwarded() {}
    @Override public void delivered(int recipients) {}
    @Override public void bytes(boolean up, long count) {}
    @Override public void refused(Refusal kind) {}
    @Override public void reconnect() {}
    @Override public void answered(String upstream, long nanos) {}
    @Override public void pool(String upstream, IntSupplier connected, int size, IntSupplier pending, IntSupplier clients) {}
    @Override public void rehomed(String from) {}
  };
}
