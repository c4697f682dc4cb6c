package io.hubscope.hub.vm;

import java.util.Collection;

/**
 * Where view models send their responses. The hub implements it: it wraps each call in a
 * {@code Response_VM} invocation with the single argument {@code [vmId, vmData]}, encodes it once
 * per protocol and delivers it to local connections or, for logical connections, over the
 * forwarding link that owns them (one message per link for a group or many connections).
 * Safe to call from any thread.
 */
public interface VMResponder {

  /** Sends {@code vmData} (a JSON object string) for {@code vmId} to one connection. */
  void respond(String connectionId, String vmId, String vmData);

  /** Sends to each of the given connections. */
  void respondToMany(Collection<String> connectionIds, String vmId, String vmData);

  /** Sends to every member of {@code group} except {@code excludedConnectionIds}. */
  void respondToGroup(String group, String vmId, String vmData, Collection<String> excludedConnectionIds);

  void addToGroup(String connectionId, String group);

  void removeFromGroup(String connectionId, String group);
}
