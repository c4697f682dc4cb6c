package io.hubscope.hub.transport;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which transports a hub serves and how long a long poll waits for data.
 *
 * @param enabled the transports negotiate lists and the hub accepts (default: all three); a request
 *     on another one is refused with 404 and the reason, as ASP.NET Core does
 * @param pollTimeout how long a long poll waits for a message before it is answered {@code 200} with
 *     no content and the client polls again (default 90 s, ASP.NET Core's; keep-alive pings usually
 *     answer a poll first)
 */
public record HubTransports(Set<TransportType> enabled, Duration pollTimeout) {

  public static HubTransports defaults() {
    return new HubTransports(EnumSet.allOf(TransportType.class), Duration.ofSeconds(90));
  }

  public HubTransports {
    if (enabled == null || enabled.isEmpty()) throw new IllegalArgumentException("no transport enabled: " + enabled);
    enabled = Set.copyOf(enabled);
    if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero()) {
      throw new IllegalArgumentException("pollTimeout must be > 0: " + pollTimeout);
    }
  }

  public boolean isEnabled(TransportType transport) {
    return enabled.contains(transport);
  }

  public HubTransports withEnabled(Set<TransportType> transports) {
    return new HubTransports(transports, pollTimeout);
  }

  public HubTransports withPollTimeout(Duration timeout) {
    return new HubTransports(enabled, timeout);
  }
}
