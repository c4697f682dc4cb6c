package io.hubscope.tap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import tools.jackson.core.JsonGenerator;

/**
 * Who is tapping: the {@code node} object of every batch.
 *
 * @param id {@code name@address}, the same across restarts: the observer keeps one node per id and
 *     tells its processes (incarnations) apart by {@code startedAt}
 * @param role {@code proxy} or {@code app}
 * @param name the configured node name
 * @param address host:port the node serves clients at
 * @param startedAt epoch milliseconds the node started
 */
public record NodeIdentity(String id, String role, String name, String address, long startedAt) {

  public NodeIdentity {
    if (!"proxy".equals(role) && !"app".equals(role)) throw new IllegalArgumentException("role must be proxy or app: " + role);
    if (name == null || name.isBlank()) throw new IllegalArgumentException("name is blank");
  }

  /** A node started now, serving at {@code address} (e.g. {@code 10.0.0.5:8082}). */
  public static NodeIdentity of(String role, String name, String address) {
    return new NodeIdentity(name + "@" + address, role, name, address, System.currentTimeMillis());
  }

  /** A node started now on this host's address and {@code port}. */
  public static NodeIdentity onThisHost(String role, String name, int port) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      host = "127.0.0.1";
    }
    return of(role, name, host + ":" + port);
  }

  /** Writes the identity's fields into the object {@code out} is in. */
  void write(JsonGenerator out) {
    out.writeStringProperty("id", id);
    out.writeStringProperty("role", role);
    out.writeStringProperty("name", name);
    out.writeStringProperty("address", address);
    out.writeNumberProperty("startedAt", startedAt);
  }
}
