package io.hubscope.hub.connection;

import java.util.Map;

/**
 * What the hub knows about a client connection: the same for a direct client and for a logical
 * connection behind a forwarding proxy, where it describes the original client.
 *
 * @param id the connection id the client was given (the origin id when forwarded)
 * @param remoteIp the client IP (X-Forwarded-For honoured only from trusted proxies)
 * @param remotePort the client port, 0 when unknown
 * @param userAgent the User-Agent header, empty when absent
 * @param headers request headers the hub may expose (lower-case names)
 * @param transport the transport, {@code WebSockets}
 * @param protocol the hub protocol chosen in the handshake, null before it
 */
public record ConnectionInfo(
    String id,
    String remoteIp,
    int remotePort,
    String userAgent,
    Map<String, String> headers,
    String transport,
    String protocol) {

  public ConnectionInfo {
    if (id == null) throw new IllegalArgumentException("id == null");
    remoteIp = remoteIp == null ? "" : remoteIp;
    userAgent = userAgent == null ? "" : userAgent;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    transport = transport == null ? "WebSockets" : transport;
  }

  public ConnectionInfo withProtocol(String protocol) {
    return new ConnectionInfo(id, remoteIp, remotePort, userAgent, headers, transport, protocol);
  }
}
