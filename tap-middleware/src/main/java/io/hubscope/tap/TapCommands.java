package io.hubscope.tap;

import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.tap.metrics.TapMetrics;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node's end of the control path: {@code Command} invocations arriving on the tap's own link to
 * the observer are handed (never run) from the event loop to one command thread with a short
 * bounded queue; each is answered with a {@code CommandResult} invocation on the same link. A full
 * queue, a node without a handler or a handler that fails is answered as a refusal: the observer
 * always hears back, and no command ever runs on an event loop. Each answer is counted by outcome.
 */
final class TapCommands implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TapCommands.class);
  static final int QUEUE = 32;
  static final int MAX_ID_CHARS = 100;

  private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
      new ArrayBlockingQueue<>(QUEUE), r -> {
        Thread t = new Thread(r, "hubscope-tap-commands");
        t.setDaemon(true);
        return t;
      });
  private final TapMetrics metrics;
  private volatile CommandHandler handler;

  TapCommands(TapMetrics metrics) {
    this.metrics = metrics;
  }

  void handler(CommandHandler handler) {
    this.handler = handler;
  }

  /** Called on the link's event loop with a {@code Command}'s arguments: {@code [command]}. */
  void received(HubClientConnection link, List<JsonNode> args) {
    JsonNode command = args.isEmpty() ? null : args.get(0);
    String id = command == null ? null : command.path("id").stringValue(null);
    if (command == null || !command.isObject() || id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) {
      LOG.debug("tap: ignored a Command without an object and an id");
      return;
    }
    CommandHandler h = handler;
    if (h == null) {
      answer(link, id, CommandOutcome.rejected("This node takes no commands"));
      return;
    }
    try {
      executor.execute(() -> answer(link, id, run(h, command)));
    } catch (RejectedExecutionException e) {
      answer(link, id, CommandOutcome.rejected("This node is busy with " + QUEUE + " commands; try again"));
    }
  }

  private static CommandOutcome run(CommandHandler h, JsonNode command) {
    try {
      CommandOutcome outcome = h.execute(command);
      return outcome != null ? outcome : CommandOutcome.rejected("The node gave no outcome");
    } catch (RuntimeException e) {
      LOG.warn("tap: a command failed", e);
      return CommandOutcome.rejected("The command failed on the node: " + e.getClass().getSimpleName());
    }
  }

  private void answer(HubClientConnection link, String id, CommandOutcome outcome) {
    metrics.command(outcome.ok());
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("id", id).put("status", outcome.ok() ? "ok" : "rejected").put("detail", outcome.detail())
        .put("affected", outcome.affected());
    link.send("CommandResult", result).subscribe(null, e -> LOG.debug("tap: a command result was lost: {}", e.toString()));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
