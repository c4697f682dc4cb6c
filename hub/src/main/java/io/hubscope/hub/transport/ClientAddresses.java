package io.hubscope.hub.transport;

import java.net.InetSocketAddress;
import java.util.Set;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Works out the real client address. {@code X-Forwarded-For} is believed only when the peer is a
 * configured trusted proxy; otherwise any client could claim any IP.
 */
public final class ClientAddresses {

  private final Set<String> trustedProxies;

  public ClientAddresses(Set<String> trustedProxies) {
    this.trustedProxies = Set.copyOf(trustedProxies);
  }

  /** The client IP and port; the port is the peer's, or 0 when the IP came from a header. */
  public InetSocketAddress resolve(ServerHttpRequest request) {
    InetSocketAddress peer = request.getRemoteAddress();
    String peerIp = peer == null ? "" : ipOf(peer);
    int peerPort = peer == null ? 0 : peer.getPort();
    if (!trustedProxies.contains(peerIp)) return InetSocketAddress.createUnresolved(peerIp, peerPort);
    String forwarded = request.getHeaders().getFirst("X-Forwarded-For");
    if (forwarded == null || forwarded.isBlank()) return InetSocketAddress.createUnresolved(peerIp, peerPort);
    // Walk from the nearest hop back and take the first address that is not a trusted proxy.
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) return InetSocketAddress.createUnresolved(hop, 0);
    }
    return InetSocketAddress.createUnresolved(peerIp, peerPort);
  }

  private static String ipOf(InetSocketAddress address) {
    return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
  }
}
