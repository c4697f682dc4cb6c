package io.hubscope.observer.nodes;

/**
 * What a batch's {@code startedAt} says about its node's process: the first one the observer sees,
 * the one it already knows, a new one (the node restarted), or an earlier one whose batch arrived
 * late, after its successor's.
 */
public enum Incarnation {
  FIRST, CURRENT, RESTARTED, EARLIER
}
