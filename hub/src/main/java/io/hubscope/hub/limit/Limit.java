package io.hubscope.hub.limit;

/**
 * A bound the hub enforces on what one client, one address or all clients may hold. The tag is
 * the low-cardinality label of {@code hubscope.refused{limit}}.
 */
public enum Limit {
  /** WebSocket clients of this node. */
  CONNECTIONS_PER_NODE("connections_per_node"),
  /** WebSocket clients and negotiated tokens of one client IP. */
  CONNECTIONS_PER_IP("connections_per_ip"),
  /** Negotiated tokens waiting for their socket. */
  PENDING_NEGOTIATIONS("pending_negotiations"),
  /** View models one connection holds (sub view models and their masters included). */
  VIEW_MODELS_PER_CONNECTION("view_models_per_connection"),
  /** Groups application code adds one connection to. */
  GROUPS_PER_CONNECTION("groups_per_connection"),
  /** New clients while the node drains (an operator moves its clients elsewhere). */
  DRAINING("draining");

  private final String tag;

  Limit(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
