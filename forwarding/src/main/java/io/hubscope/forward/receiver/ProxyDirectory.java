package io.hubscope.forward.receiver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The proxies connected to this app server and how many clients each holds, as they report it over
 * their pooled connections. A proxy counts as available while at least one of its pooled
 * connections is up; the negotiate redirect picks the one with the fewest clients.
 */
public final class ProxyDirectory {

  /** A connected proxy: where clients reach it and how loaded it is. */
  public record Proxy(String nodeId, String nodeName, String url, int clients) {}

  /** A redirect whose client has not arrived this long after it was issued is assumed lost. */
  private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(30);

  /**
   * One proxy. Its load is the clients it reported plus the clients sent to it that it had not
   * yet seen when it reported: redirects issued minus clients it opened since we first heard of
   * it (exact when the proxy only takes redirected clients, an underestimate otherwise).
   * Mutable counts are guarded by the directory.
   */
  private static final class Node {
    final String nodeId;
    final Set<String> links = ConcurrentHashMap.newKeySet();
    volatile String nodeName;
    volatile String url;
    volatile boolean draining;
    int reported;
    long opened;
    long openedBase = -1;
    long issued;
    long lastIssuedNanos;

    Node(String nodeId) {
      this.nodeId = nodeId;
    }

    int inFlight() {
      long pending = issued - (opened - openedBase);
      if (pending > 0 && System.nanoTime() - lastIssuedNanos > STALE_NANOS) {
        openedBase = opened - issued;
        pending = 0;
      }
      return (int) Math.max(0, pending);
    }

    int load() {
      return reported + inFlight();
    }
  }

  private final Map<String, Node> nodes = new ConcurrentHashMap<>();

  void report(InboundPooledConnection link, String nodeId, String nodeName, String url, int clients, long opened) {
    report(link, nodeId, nodeName, url, clients, opened, false);
  }

  /** A proxy's status; a draining proxy stays listed but gets no redirected clients. */
  void report(InboundPooledConnection link, String nodeId, String nodeName, String url, int clients, long opened,
      boolean draining) {
    Node node = nodes.computeIfAbsent(nodeId, Node::new);
    node.links.add(link.id());
    node.nodeName = nodeName;
    node.draining = draining;
    node.url = url == null || url.isEmpty() ? null : url;
    synchronized (this) {
      node.reported = clients;
      node.opened = opened;
      if (node.openedBase < 0) node.openedBase = opened;
    }
  }

  void linkClosed(InboundPooledConnection link) {
    String nodeId = link.nodeId();
    if (nodeId == null) return;
    nodes.computeIfPresent(nodeId, (id, node) -> {
      node.links.remove(link.id());
      return node.links.isEmpty() ? null : node;
    });
  }

  /**
   * The available (connected, not draining) proxy with the fewest clients, counting the clients already sent there since its
   * last report, so that a burst of new clients spreads instead of piling on one proxy.
   */
  public synchronized Optional<Proxy> pickLeastLoaded() {
    Node best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (Node n : nodes.values()) {
      if (n.url == null || n.links.isEmpty() || n.draining) continue;
      int load = n.load();
      if (load < bestLoad || (load == bestLoad && n.nodeId.compareTo(best.nodeId) < 0)) {
        best = n;
        bestLoad = load;
      }
    }
    if (best == null) return Optional.empty();
    best.issued++;
    best.lastIssuedNanos = System.nanoTime();
    return Optional.of(new Proxy(best.nodeId, best.nodeName, best.url, best.load()));
  }

  /** Every available proxy with its reported client count. */
  public List<Proxy> proxies() {
    List<Proxy> out = new ArrayList<>();
    synchronized (this) {
      for (Node n : nodes.values()) {
        if (!n.links.isEmpty()) out.add(new Proxy(n.nodeId, n.nodeName, n.url, n.reported));
      }
    }
    out.sort(Comparator.comparing(Proxy::nodeId));
    return out;
  }
}
