package io.hubscope.hub.limit;

/**
 * Bounds on what clients may hold, so that no client, address or crowd can exhaust a node. Each
 * refusal is an error the client can read (HTTP 429/503 with a message, a completion error, a
 * dotNetify error response) and is counted in {@code hubscope.refused{limit}}.
 *
 * @param maxConnections WebSocket clients of this node (default 20,000); past it negotiate and
 *     connect answer 503
 * @param maxConnectionsPerIp WebSocket clients plus negotiated tokens of one client IP (default
 *     1,000); past it 429. The IP is the peer's, or X-Forwarded-For's from a trusted proxy.
 * @param limitLoopback whether the per-IP bound applies to loopback addresses too (default false:
 *     clients on this machine, such as a local reverse proxy that is not a trusted proxy or a load
 *     test, share an address that tells nobody apart; the node bound still holds them)
 * @param maxPendingNegotiations negotiated tokens waiting for their socket (default 10,000); past it
 *     negotiate answers 503. Unused tokens expire after the transport's negotiate token TTL.
 * @param maxViewModelsPerConnection view models one connection holds (default 100); the next
 *     {@code Request_VM} (or {@code Update_VM} that would recreate one) gets a dotNetify error
 * @param maxGroupsPerConnection groups one connection may be in when application code adds it to
 *     another (default 100); multicast view models' own groups count but are never refused, since
 *     the view-model limit already bounds them
 */
public record HubLimits(
    int maxConnections,
    int maxConnectionsPerIp,
    boolean limitLoopback,
    int maxPendingNegotiations,
    int maxViewModelsPerConnection,
    int maxGroupsPerConnection) {

  public static HubLimits defaults() {
    return new HubLimits(20_000, 1_000, false, 10_000, 100, 100);
  }

  public HubLimits {
    positive("maxConnections", maxConnections);
    positive("maxConnectionsPerIp", maxConnectionsPerIp);
    positive("maxPendingNegotiations", maxPendingNegotiations);
    positive("maxViewModelsPerConnection", maxViewModelsPerConnection);
    positive("maxGroupsPerConnection", maxGroupsPerConnection);
  }

  public HubLimits withConnections(int perNode, int perIp, boolean limitLoopback) {
    return new HubLimits(perNode, perIp, limitLoopback, maxPendingNegotiations, maxViewModelsPerConnection,
        maxGroupsPerConnection);
  }

  public HubLimits withMaxPendingNegotiations(int max) {
    return new HubLimits(maxConnections, maxConnectionsPerIp, limitLoopback, max, maxViewModelsPerConnection,
        maxGroupsPerConnection);
  }

  public HubLimits withPerConnection(int viewModels, int groups) {
    return new HubLimits(maxConnections, maxConnectionsPerIp, limitLoopback, maxPendingNegotiations, viewModels,
        groups);
  }

  private static void positive(String name, int value) {
    if (value < 1) throw new IllegalArgumentException(name + " < 1: " + value);
  }
}
