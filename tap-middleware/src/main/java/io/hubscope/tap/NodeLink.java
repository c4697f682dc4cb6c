package io.hubscope.tap;

/**
 * Another node linked to this one, as the tap reports it in the {@code links} of its {@code host}
 * events: on an app server, a proxy connected to it over the forwarding pool. The observer draws
 * the cluster's topology from these; it matches {@code name} to the tapped node of that name.
 *
 * @param role the linked node's role, {@code proxy} or {@code app}
 * @param name its node name (a proxy's forwarding node name, which its tap uses too by default)
 * @param id its id as this node knows it (a proxy's forwarding id: its name and a per-process
 *     suffix); null when unknown
 * @param url where clients reach it; null when unknown
 */
public record NodeLink(String role, String name, String id, String url) {

  public NodeLink {
    if (!"proxy".equals(role) && !"app".equals(role)) throw new IllegalArgumentException("role must be proxy or app: " + role);
    if (name == null || name.isBlank()) throw new IllegalArgumentException("name is blank");
    if (id != null && id.isEmpty()) id = null;
    if (url != null && url.isEmpty()) url = null;
  }

  /** A proxy linked to this app server. */
  public static NodeLink proxy(String name, String id, String url) {
    return new NodeLink("proxy", name, id, url);
  }

  /** Bytes it adds to a host event, roughly. */
  int weight() {
    return 48 + role.length() + name.length() + (id == null ? 0 : id.length()) + (url == null ? 0 : url.length());
  }
}
