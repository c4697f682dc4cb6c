package io.hubscope.observer.nodes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The nodes that have sent batches, bounded in count. */
public final class NodeRegistry {

  private final int maxNodes;
  private final ConcurrentHashMap<String, NodeState> nodes = new ConcurrentHashMap<>();
  private final List<Consumer<NodeState>> listeners = new CopyOnWriteArrayList<>();

  public NodeRegistry(int maxNodes) {
    if (maxNodes < 1) {
      throw new IllegalArgumentException("maxNodes < 1: " + maxNodes);
    }
    this.maxNodes = maxNodes;
  }

  /** Called once per node when it is first seen (metrics bind their meters here). */
  public void onNodeAdded(Consumer<NodeState> listener) {
    listeners.add(listener);
    nodes.values().forEach(listener);
  }

  /**
   * Records a batch from a node: identity, last seen, sequence and cumulative drops. Returns null
   * when the node is new and the registry is full.
   */
  public NodeState batch(BatchHeader header, long now) {
    NodeState node = nodes.get(header.id());
    if (node == null) {
      if (nodes.size() >= maxNodes) {
        return null;
      }
      NodeState created = new NodeState(header.id());
      node = nodes.putIfAbsent(header.id(), created);
      if (node == null) {
        node = created;
        created.describe(header.role(), header.name(), header.address(), header.startedAt(), now);
        for (Consumer<NodeState> listener : listeners) {
          listener.accept(created);
        }
      }
    }
    node.describe(header.role(), header.name(), header.address(), header.startedAt(), now);
    node.tap().batch(header.startedAt(), header.seq());
    header.dropped().forEach(node.tap()::dropped);
    return node;
  }

  public NodeState get(String id) {
    return nodes.get(id);
  }

  public Collection<NodeState> all() {
    return nodes.values();
  }

  /** Nodes sorted by id, for stable output. */
  public List<NodeState> sorted() {
    List<NodeState> list = new ArrayList<>(nodes.values());
    list.sort((a, b) -> a.id().compareTo(b.id()));
    return list;
  }
}
