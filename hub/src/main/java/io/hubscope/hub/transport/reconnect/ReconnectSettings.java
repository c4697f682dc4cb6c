package io.hubscope.hub.transport.reconnect;

import java.time.Duration;

/**
 * Stateful reconnect (the official clients' {@code withStatefulReconnect()}).
 *
 * @param enabled whether negotiate grants stateful reconnect to clients that ask (default true)
 * @param bufferSize unacknowledged outbound bytes kept per connection for replay; past it the
 *     connection is closed with a clear reason (default 100,000, as ASP.NET Core's
 *     {@code StatefulReconnectBufferSize})
 * @param gracePeriod how long a connection whose socket dropped without a Close message waits for
 *     its client to reconnect before it ends like any disconnect (default 15 s, ASP.NET Core's
 *     {@code DisconnectTimeout})
 */
public record ReconnectSettings(boolean enabled, long bufferSize, Duration gracePeriod) {

  public static ReconnectSettings defaults() {
    return new ReconnectSettings(true, 100_000, Duration.ofSeconds(15));
  }

  public ReconnectSettings {
    if (bufferSize < 1) throw new IllegalArgumentException("bufferSize < 1: " + bufferSize);
    if (gracePeriod == null || gracePeriod.isNegative() || gracePeriod.isZero()) {
      throw new IllegalArgumentException("gracePeriod must be > 0: " + gracePeriod);
    }
  }
}
