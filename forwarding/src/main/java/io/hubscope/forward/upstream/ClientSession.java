package io.hubscope.forward.upstream;

import io.hubscope.forward.envelope.OriginContext;
import io.hubscope.hub.connection.HubConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One local client as a forwarder sees it: the app server and pooled connection it is pinned to, whether the
 * upstream knows it there yet, and the view models it holds (their Request_VM arguments, replayed
 * on a new upstream connection so the client keeps working without reconnecting).
 * Mutable state is guarded by the session's monitor.
 */
public final class ClientSession {

  private final HubConnection connection;
  private final OriginContext origin;
  private final Map<String, JsonNode> activeViewModels = new LinkedHashMap<>();
  /** The app server this client is pinned to, kept while it is unreachable; null before the first call. */
  UpstreamPool server;
  OutboundPooledConnection member;
  long generation;
  boolean announced;
  boolean closed;

  public ClientSession(HubConnection connection, OriginContext origin) {
    this.connection = connection;
    this.origin = origin;
  }

  public String id() {
    return connection.id();
  }

  public HubConnection connection() {
    return connection;
  }

  public OriginContext origin() {
    return origin;
  }

  void remember(String vmId, JsonNode requestData) {
    activeViewModels.put(vmId, requestData);
  }

  /** Forgets {@code vmId} and, as dotNetify disposes them with their master, {@code vmId.*}. */
  void forget(String vmId) {
    activeViewModels.keySet().removeIf(id -> id.equals(vmId) || id.startsWith(vmId + "."));
  }

  boolean holdsViewModels() {
    return !activeViewModels.isEmpty();
  }

  List<Map.Entry<String, JsonNode>> activeViewModels() {
    return new ArrayList<>(activeViewModels.entrySet());
  }

  /** View models this client holds, for tests and diagnostics. */
  public synchronized List<String> viewModelIds() {
    return new ArrayList<>(activeViewModels.keySet());
  }
}
