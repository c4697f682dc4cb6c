package io.hubscope.forward.receiver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxies connected to this app server and how many clients each holds, as they report it over
 * their pooled connections. A proxy counts as available while at least one of its pooled
 * connections is up; the negotiate redirect picks the one with the fewest clients.
 */
public final class ProxyDirectory {

  /** A connected proxy: where clients reach it and how loaded it is. */
  public record Proxy(String nodeId, String nodeName, String url, int clients) {}

  private static final class Node {
    final String nodeId;
    final Set<String> links = ConcurrentHashMap.newKeySet();
    volatile String nodeName;
    volatile String url;
    volatile int reported;
    int redirected; // guarded by the directory

    Node(String nodeId) {
      this.nodeId = nodeId;
    }

    int load() {
      return reported + redirected;
    }
  }

  private final Map<String, Node> nodes = new ConcurrentHashMap<>();

  void report(ProxyLink link, String nodeId, String nodeName, String url, int clients) {
    Node node = nodes.computeIfAbsent(nodeId, Node::new);
    node.links.add(link.id());
    node.nodeName = nodeName;
    node.url = url == null || url.isEmpty() ? null : url;
    synchronized (this) {
      node.reported = clients;
      // The report now includes the clients sent there earlier (or they never came).
      node.redirected = 0;
    }
  }

  void linkClosed(ProxyLink link) {
    String nodeId = link.nodeId();
    if (nodeId == null) return;
    nodes.computeIfPresent(nodeId, (id, node) -> {
      node.links.remove(link.id());
      return node.links.isEmpty() ? null : node;
    });
  }

  /**
   * The available proxy with the fewest clients, counting the clients already sent there since its
   * last report, so that a burst of new clients spreads instead of piling on one proxy.
   */
  public synchronized Optional<Proxy> pickLeastLoaded() {
    Node best = nodes.values().stream()
        .filter(n -> n.url != null && !n.links.isEmpty())
        .min(Comparator.comparingInt(Node::load).thenComparing(n -> n.nodeId))
        .orElse(null);
    if (best == null) return Optional.empty();
    best.redirected++;
    return Optional.of(new Proxy(best.nodeId, best.nodeName, best.url, best.load()));
  }

  /** Every available proxy with its reported client count. */
  public List<Proxy> proxies() {
    List<Proxy> out = new ArrayList<>();
    for (Node n : nodes.values()) {
      if (!n.links.isEmpty()) out.add(new Proxy(n.nodeId, n.nodeName, n.url, n.reported));
    }
    out.sort(Comparator.comparing(Proxy::nodeId));
    return out;
  }
}
