package io.hubscope.hub.transport;

import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.protocol.PingMessage;
import java.time.Duration;

/**
 * Transport limits and timers.
 *
 * @param maxMessageSize largest hub message accepted from a client, in bytes (default 32 KB)
 * @param maxBufferedBytes outbound bytes queued for one client before it is closed as a slow consumer
 * @param keepAliveInterval a ping is sent when nothing else was sent for this long (15 s)
 * @param clientTimeout a client silent this long is closed (30 s)
 * @param handshakeTimeout a socket without a handshake this long is closed (15 s)
 * @param negotiateTokenTtl how long a negotiated token waits for its socket
 */
public record TransportSettings(
    int maxMessageSize,
    long maxBufferedBytes,
    Duration keepAliveInterval,
    Duration clientTimeout,
    Duration handshakeTimeout,
    Duration negotiateTokenTtl) {

  static final PreparedMessage PING = new PreparedMessage(PingMessage.INSTANCE);

  public static TransportSettings defaults() {
    return new TransportSettings(32 * 1024, 8L * 1024 * 1024, Duration.ofSeconds(15), Duration.ofSeconds(30),
        Duration.ofSeconds(15), Duration.ofSeconds(30));
  }

  public TransportSettings {
    if (maxMessageSize < 1) throw new IllegalArgumentException("maxMessageSize < 1: " + maxMessageSize);
    if (maxBufferedBytes < maxMessageSize) {
      throw new IllegalArgumentException("maxBufferedBytes < maxMessageSize: " + maxBufferedBytes);
    }
    requirePositive("keepAliveInterval", keepAliveInterval);
    requirePositive("clientTimeout", clientTimeout);
    requirePositive("handshakeTimeout", handshakeTimeout);
    requirePositive("negotiateTokenTtl", negotiateTokenTtl);
  }

  public TransportSettings withMaxMessageSize(int size) {
    return new TransportSettings(size, Math.max(maxBufferedBytes, size), keepAliveInterval, clientTimeout,
        handshakeTimeout, negotiateTokenTtl);
  }

  public TransportSettings withTimers(Duration keepAlive, Duration clientTimeout, Duration handshakeTimeout) {
    return new TransportSettings(maxMessageSize, maxBufferedBytes, keepAlive, clientTimeout, handshakeTimeout,
        negotiateTokenTtl);
  }

  /**
   * The largest WebSocket frame payload read (fragments joined): twice the largest message, at
   * least 64 KB, since a frame may end one message and start the next.
   */
  public int maxFramePayload() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(64L * 1024, 2L * maxMessageSize));
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0: " + d);
  }
}
