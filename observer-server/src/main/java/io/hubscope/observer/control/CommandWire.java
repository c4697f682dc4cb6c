package io.hubscope.observer.control;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The commands and results as they cross a tap link (docs/tap-events.md, "Commands"): the observer
 * invokes {@code Command(command)} on the node's ingest connection, the node answers with
 * {@code CommandResult(result)}.
 */
final class CommandWire {

  static final String COMMAND = "Command";
  static final String RESULT = "CommandResult";
  static final int MAX_DETAIL_CHARS = 500;

  private CommandWire() {}

  /** The command as the node reads it, without its id. */
  static ObjectNode toJson(NodeCommand command) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    if (command instanceof NodeCommand.Disconnect d) {
      json.put("type", "disconnect").put("connectionId", d.connectionId()).put("reason", d.reason());
    } else if (command instanceof NodeCommand.SendToConnection s) {
      json.put("type", "sendToConnection").put("connectionId", s.connectionId()).put("vmId", s.vmId())
          .set("properties", s.properties());
    } else if (command instanceof NodeCommand.SendToGroup s) {
      json.put("type", "sendToGroup").put("group", s.group()).put("vmId", s.vmId()).set("properties", s.properties());
    } else if (command instanceof NodeCommand.SendToViewModel s) {
      json.put("type", "sendToViewModel").put("vmId", s.vmId()).set("properties", s.properties());
    } else if (command instanceof NodeCommand.Drain d) {
      json.put("type", "drain").put("spreadMillis", d.spread() == null ? -1 : d.spread().toMillis());
    } else {
      json.put("type", "undrain");
    }
    return json;
  }

  /** A node's answer; anything but {@code ok} counts as a refusal. */
  static CommandResult fromJson(String nodeId, JsonNode result) {
    boolean ok = "ok".equals(result.path("status").stringValue(null));
    String detail = result.path("detail").stringValue("");
    if (detail.length() > MAX_DETAIL_CHARS) detail = detail.substring(0, MAX_DETAIL_CHARS) + "...";
    long affected = Math.max(0, result.path("affected").asLong(0));
    return new CommandResult(ok ? CommandResult.Status.OK : CommandResult.Status.REJECTED, nodeId + ": " + detail,
        ok ? affected : 0);
  }
}
