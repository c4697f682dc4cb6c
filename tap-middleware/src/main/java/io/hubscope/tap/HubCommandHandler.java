package io.hubscope.tap;

import io.hubscope.hub.operations.HubOperations;
import io.hubscope.hub.operations.OperationRefusedException;
import io.hubscope.hub.server.HubServer;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * The commands a hub node takes from the observer, carried out with {@link HubOperations}:
 * {@code disconnect}, {@code sendToConnection}, {@code sendToGroup}, {@code sendToViewModel}, and on
 * a proxy {@code drain} and {@code undrain}. Anything else, or a bad argument, is refused with a
 * reason and changes nothing.
 */
public final class HubCommandHandler implements CommandHandler {

  /** The longest drain spread taken: a command cannot keep a node half-drained for days. */
  static final Duration MAX_SPREAD = Duration.ofHours(1);

  private final HubServer hub;
  private final HubOperations operations;
  private final boolean drainable;

  /**
   * @param drainable whether this node may be drained (a proxy: its clients have somewhere to go)
   */
  public HubCommandHandler(HubServer hub, HubOperations operations, boolean drainable) {
    this.hub = hub;
    this.operations = operations;
    this.drainable = drainable;
  }

  @Override
  public CommandOutcome execute(JsonNode command) {
    String type = command.path("type").asString("");
    try {
      return switch (type) {
        case "disconnect" -> {
          operations.disconnect(text(command, "connectionId"), text(command, "reason"));
          yield CommandOutcome.ok("Closed connection " + text(command, "connectionId"), 1);
        }
        case "sendToConnection" -> CommandOutcome.ok("Sent to connection " + text(command, "connectionId"),
            operations.sendToConnection(text(command, "connectionId"), text(command, "vmId"), command.get("properties")));
        case "sendToGroup" -> {
          int n = operations.sendToGroup(text(command, "group"), text(command, "vmId"), command.get("properties"));
          yield CommandOutcome.ok("Sent to " + n + " members of group " + text(command, "group"), n);
        }
        case "sendToViewModel" -> {
          int n = operations.sendToViewModel(text(command, "vmId"), command.get("properties"));
          yield CommandOutcome.ok("Sent to " + n + " clients of " + text(command, "vmId"), n);
        }
        case "drain" -> drain(command);
        case "undrain" -> {
          if (!drainable) yield CommandOutcome.rejected("Only a proxy can be drained or undrained");
          hub.undrain();
          yield CommandOutcome.ok("Takes new clients again", 0);
        }
        default -> CommandOutcome.rejected("Unknown command type '" + abbreviate(type) + "'");
      };
    } catch (OperationRefusedException e) {
      return CommandOutcome.rejected(e.getMessage());
    }
  }

  private CommandOutcome drain(JsonNode command) {
    if (!drainable) return CommandOutcome.rejected("Only a proxy can be drained: this node's clients have nowhere to go");
    long millis = command.path("spreadMillis").asLong(-1);
    if (millis < 0 || millis > MAX_SPREAD.toMillis()) {
      return CommandOutcome.rejected("spreadMillis must be between 0 and " + MAX_SPREAD.toMillis());
    }
    int clients = hub.drain(Duration.ofMillis(millis));
    return CommandOutcome.ok("Draining: " + clients + " clients asked to move over " + millis + " ms", clients);
  }

  private static String text(JsonNode command, String field) {
    JsonNode value = command.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
