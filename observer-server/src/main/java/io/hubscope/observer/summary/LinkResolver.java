package io.hubscope.observer.summary;

import io.hubscope.observer.nodes.LinkedNode;
import io.hubscope.observer.nodes.NodeState;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the tapped node a reported link names. A proxy's tap uses its forwarding node name by
 * default, so role and name find it; when several tapped nodes share the name, the one serving at
 * the link URL's port is taken, else the first by id. A link no tap answers to stays unresolved:
 * the topology still shows it, as a node the observer hears of but not from.
 */
final class LinkResolver {

  private final Map<String, List<NodeState>> byRoleAndName = new HashMap<>();

  /** {@code nodes} sorted by id, as the registry lists them. */
  LinkResolver(List<NodeState> nodes) {
    for (NodeState n : nodes) {
      byRoleAndName.computeIfAbsent(key(n.role(), n.name()), k -> new ArrayList<>()).add(n);
    }
  }

  /** The links as the summary shows them, or null when the node never reported links. */
  List<Summary.Link> resolve(List<LinkedNode> links) {
    if (links == null) {
      return null;
    }
    List<Summary.Link> out = new ArrayList<>(links.size());
    for (LinkedNode l : links) {
      NodeState node = find(l);
      out.add(new Summary.Link(l.role(), l.name(), l.id(), l.url(), node == null ? null : node.id()));
    }
    return out;
  }

  private NodeState find(LinkedNode link) {
    List<NodeState> named = byRoleAndName.get(key(link.role(), link.name()));
    if (named == null) {
      return null;
    }
    String port = port(link.url());
    if (named.size() > 1 && port != null) {
      for (NodeState n : named) {
        if (n.address().endsWith(":" + port)) {
          return n;
        }
      }
    }
    return named.get(0);
  }

  private static String key(String role, String name) {
    return role + "\n" + name;
  }

  private static String port(String url) {
    if (url == null) {
      return null;
    }
    try {
      int port = URI.create(url).getPort();
      return port < 0 ? null : Integer.toString(port);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
