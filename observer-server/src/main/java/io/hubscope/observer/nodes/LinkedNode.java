package io.hubscope.observer.nodes;

/**
 * A node another node reports being linked to, as its tap's {@code host} events list it (an app
 * server lists the proxies forwarding to it). Attacker-controlled text: shown as text only.
 *
 * @param role {@code proxy} or {@code app}
 * @param name the linked node's name, which the observer matches to a tapped node of that name
 * @param id its id as the reporting node knows it (a proxy's forwarding id); null when not reported
 * @param url where clients reach it; null when not reported
 */
public record LinkedNode(String role, String name, String id, String url) {

  /** Links kept per node; a node reporting more is shown with the first ones. */
  public static final int MAX_PER_NODE = 64;
}
