package io.hubscope.observer.nodes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The nodes that have sent batches, bounded in count. A node is its name and address: a restart
 * (a new {@code startedAt}) is a new incarnation of the same node, not a new node, and a node
 * silent for long enough is forgotten ({@link #expire}), so restarts never fill the registry.
 */
public final class NodeRegistry {

  private final int maxNodes;
  private final ConcurrentHashMap<String, NodeState> nodes = new ConcurrentHashMap<>();
  private final List<Consumer<NodeState>> added = new CopyOnWriteArrayList<>();
  private final List<Consumer<NodeState>> removed = new CopyOnWriteArrayList<>();

  public NodeRegistry(int maxNodes) {
    if (maxNodes < 1) {
      throw new IllegalArgumentException("maxNodes < 1: " + maxNodes);
    }
    this.maxNodes = maxNodes;
  }

  /** Called once per node when it is first seen (metrics bind their meters here). */
  public void onNodeAdded(Consumer<NodeState> listener) {
    added.add(listener);
    nodes.values().forEach(listener);
  }

  /** Called once per node when it is forgotten (metrics remove their meters here). */
  public void onNodeRemoved(Consumer<NodeState> listener) {
    removed.add(listener);
  }

  /**
   * The node a batch header names: {@code id} without the {@code #<startedAt in base 36>} suffix
   * that taps before node lifecycle appended, so their restarts are incarnations too.
   */
  static String identity(BatchHeader header) {
    String suffix = "#" + Long.toString(header.startedAt(), 36);
    String id = header.id();
    return id.endsWith(suffix) && id.length() > suffix.length()
        ? id.substring(0, id.length() - suffix.length()) : id;
  }

  /**
   * Records a batch from a node: identity, incarnation, last seen, sequence and cumulative drops.
   * Returns null when the node is new and the registry is full.
   */
  public Arrival batch(BatchHeader header, long now) {
    String id = identity(header);
    while (true) {
      NodeState node = nodes.get(id);
      Incarnation incarnation;
      if (node == null) {
        if (nodes.size() >= maxNodes) {
          return null;
        }
        NodeState created = new NodeState(id, header.startedAt(), now);
        created.describe(header.role(), header.name(), header.address());
        node = nodes.putIfAbsent(id, created);
        if (node == null) {
          for (Consumer<NodeState> listener : added) {
            listener.accept(created);
          }
          node = created;
          incarnation = Incarnation.FIRST;
        } else {
          incarnation = node.arrive(header.role(), header.name(), header.address(), header.startedAt(), now);
        }
      } else {
        incarnation = node.arrive(header.role(), header.name(), header.address(), header.startedAt(), now);
      }
      if (incarnation == null) {
        // Forgotten between the lookup and now: the batch starts the node afresh.
        nodes.remove(id, node);
        continue;
      }
      if (incarnation == Incarnation.EARLIER) {
        node.tap().late(header.startedAt(), header.dropped());
      } else {
        node.tap().batch(header.startedAt(), header.seq());
        header.dropped().forEach(node.tap()::dropped);
      }
      return new Arrival(node, incarnation);
    }
  }

  /**
   * Forgets the nodes not heard from since before {@code silentSince}: each is handed to
   * {@code release} first (to close what it still holds open), then to the removal listeners.
   * Returns them.
   */
  public List<NodeState> expire(long silentSince, Consumer<NodeState> release) {
    List<NodeState> gone = new ArrayList<>();
    for (NodeState node : nodes.values()) {
      if (node.lastSeen() < silentSince && node.retireIfSilent(silentSince)) {
        nodes.remove(node.id(), node);
        release.accept(node);
        for (Consumer<NodeState> listener : removed) {
          listener.accept(node);
        }
        gone.add(node);
      }
    }
    return gone;
  }

  public NodeState get(String id) {
    return nodes.get(id);
  }

  public Collection<NodeState> all() {
    return nodes.values();
  }

  public int size() {
    return nodes.size();
  }

  /** Nodes sorted by id, for stable output. */
  public List<NodeState> sorted() {
    List<NodeState> list = new ArrayList<>(nodes.values());
    list.sort((a, b) -> a.id().compareTo(b.id()));
    return list;
  }
}
