package io.hubscope.observer.control;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** An operator's command to hub nodes; see {@link NodeControl} for where each one goes. */
public sealed interface NodeCommand {

  /** Closes a client connection; the client receives {@code reason} in the SignalR Close message. */
  record Disconnect(String nodeId, String connectionId, String reason) implements NodeCommand {}

  /** Pushes {@code properties} as a {@code Response_VM} for {@code vmId} to one connection. */
  record SendToConnection(String nodeId, String connectionId, String vmId, JsonNode properties)
      implements NodeCommand {}

  /** Pushes {@code properties} as a {@code Response_VM} for {@code vmId} to every member of a group. */
  record SendToGroup(String group, String vmId, JsonNode properties) implements NodeCommand {}

  /** Pushes {@code properties} as a {@code Response_VM} to every client of the view model {@code vmId}. */
  record SendToViewModel(String vmId, JsonNode properties) implements NodeCommand {}

  /** A proxy stops taking new clients and asks its clients to move, spread over {@code spread}. */
  record Drain(String nodeId, Duration spread) implements NodeCommand {}

  /** A drained proxy takes new clients again. */
  record Undrain(String nodeId) implements NodeCommand {}
}
