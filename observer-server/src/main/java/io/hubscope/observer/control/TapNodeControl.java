package io.hubscope.observer.control;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.observer.control.CommandResult.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link NodeControl} over the tap links: each command goes out as a {@code Command} invocation on
 * the ingest connection of each addressed node, which answers with {@code CommandResult}. Routing:
 * a disconnect to the node holding the connection; a send to a connection to that node when it is
 * an app server, and to every app server when a proxy holds it (the client is a logical connection
 * there, so the push takes the forwarding path like any view-model push); group and view-model
 * sends to every app server; drain and undrain to the named proxy.
 *
 * <p>Non-blocking throughout. A node has at most {@code maxPendingPerNode} unanswered commands; an
 * answer counts only from the connection the command went out on, and a node that does not answer
 * within {@code timeout} is a {@link Status#TIMEOUT}. Each command is counted by outcome.
 */
public final class TapNodeControl implements NodeControl, DisconnectionMiddleware {

  static final String APP = "app";
  static final String PROXY = "proxy";
  /**
   * The largest command sent, as JSON: well under what a node's hub client reads in one message
   * (1 MiB), which would otherwise close the node's tap link. Nodes cap pushes lower (16 KB).
   */
  static final int MAX_COMMAND_BYTES = 64 * 1024;

  private record Pending(String nodeId, HubConnection connection, Sinks.One<CommandResult> sink) {}

  private final TapLinks links;
  private final Duration timeout;
  private final int maxPendingPerNode;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> pendingPerNode = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Status, Counter> outcomes = new EnumMap<>(Status.class);

  public TapNodeControl(TapLinks links, Duration timeout, int maxPendingPerNode, MeterRegistry meters) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (maxPendingPerNode < 1) throw new IllegalArgumentException("maxPendingPerNode < 1: " + maxPendingPerNode);
    this.links = links;
    this.timeout = timeout;
    this.maxPendingPerNode = maxPendingPerNode;
    for (Status s : Status.values()) {
      outcomes.put(s, Counter.builder("hubscope.observer.commands").tag("outcome", s.name().toLowerCase())
          .description("Operator commands sent to the nodes over their tap links, by outcome").register(meters));
    }
  }

  @Override
  public Mono<CommandResult> execute(NodeCommand command) {
    return route(command)
        .onErrorResume(e -> Mono.just(new CommandResult(Status.REJECTED, "The command failed: " + e, 0)))
        .doOnNext(r -> outcomes.get(r.status()).increment());
  }

  private Mono<CommandResult> route(NodeCommand command) {
    ObjectNode json = CommandWire.toJson(command);
    int bytes = json.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_COMMAND_BYTES) {
      return Mono.just(new CommandResult(Status.REJECTED, "The command is " + bytes + " bytes of JSON; at most "
          + MAX_COMMAND_BYTES + " are sent to a node", 0));
    }
    if (command instanceof NodeCommand.Disconnect d) return one(d.nodeId(), null, json);
    if (command instanceof NodeCommand.Drain d) return one(d.nodeId(), PROXY, json);
    if (command instanceof NodeCommand.Undrain u) return one(u.nodeId(), PROXY, json);
    if (command instanceof NodeCommand.SendToConnection s) {
      TapLinks.Link holder = links.get(s.nodeId());
      if (holder == null) return Mono.just(unreachable(s.nodeId()));
      if (!PROXY.equals(holder.role())) return send(holder, json);
      return Flux.fromIterable(links.withRole(APP)).flatMap(l -> send(l, json)).collectList()
          .map(results -> anyCarriedOut(results, "app server"));
    }
    return Flux.fromIterable(links.withRole(APP)).flatMap(l -> send(l, json)).collectList()
        .map(results -> everyCarriedOut(results, "app server"));
  }

  private Mono<CommandResult> one(String nodeId, String role, ObjectNode json) {
    TapLinks.Link link = links.get(nodeId);
    if (link == null) return Mono.just(unreachable(nodeId));
    if (role != null && !role.equals(link.role())) {
      return Mono.just(new CommandResult(Status.REJECTED, nodeId + " is not a " + role + " (it is " + link.role() + ")", 0));
    }
    return send(link, json);
  }

  /** Sends to one node and waits (without blocking) for its answer, its link's loss or the timeout. */
  private Mono<CommandResult> send(TapLinks.Link link, ObjectNode command) {
    return Mono.defer(() -> {
      AtomicInteger count = pendingPerNode.computeIfAbsent(link.nodeId(), n -> new AtomicInteger());
      if (count.incrementAndGet() > maxPendingPerNode) {
        count.decrementAndGet();
        return Mono.just(new CommandResult(Status.REJECTED, link.nodeId() + " has " + maxPendingPerNode
            + " commands waiting for an answer; try again shortly", 0));
      }
      String id = "cmd-" + ids.incrementAndGet();
      Sinks.One<CommandResult> sink = Sinks.one();
      pending.put(id, new Pending(link.nodeId(), link.connection(), sink));
      ObjectNode json = command.deepCopy().put("id", id);
      boolean queued = link.connection().send(new PreparedMessage(
          new InvocationMessage(null, CommandWire.COMMAND, List.<JsonNode>of(json))));
      if (!queued) sink.tryEmitValue(unreachable(link.nodeId()));
      return sink.asMono()
          .timeout(timeout, Mono.fromSupplier(() -> new CommandResult(Status.TIMEOUT,
              link.nodeId() + " did not answer within " + timeout.toMillis() + " ms", 0)))
          .doFinally(signal -> {
            pending.remove(id);
            count.decrementAndGet();
          });
    });
  }

  /** A {@code CommandResult} from a tap link; ignored unless that link was sent the command. */
  public void answered(HubConnection from, JsonNode result) {
    String id = result == null ? null : result.path("id").stringValue(null);
    Pending p = id == null ? null : pending.get(id);
    if (p == null || p.connection() != from) return;
    p.sink().tryEmitValue(CommandWire.fromJson(p.nodeId(), result));
  }

  @Override
  public void onDisconnected(HubConnection connection, CloseReason reason, String error) {
    links.closed(connection);
    for (Pending p : pending.values()) {
      if (p.connection() == connection) p.sink().tryEmitValue(new CommandResult(Status.UNREACHABLE,
          p.nodeId() + ": its tap link closed before it answered", 0));
    }
  }

  private static CommandResult unreachable(String nodeId) {
    return new CommandResult(Status.UNREACHABLE, "No live tap link to " + nodeId, 0);
  }

  /** A fan-out where only the node holding the connection can carry it out. */
  private static CommandResult anyCarriedOut(List<CommandResult> results, String what) {
    if (results.isEmpty()) return new CommandResult(Status.UNREACHABLE, "No " + what + " has a live tap link", 0);
    for (CommandResult r : results) {
      if (r.ok()) return r;
    }
    return combine(results);
  }

  /** A fan-out every addressed node must carry out; the affected clients add up. */
  private static CommandResult everyCarriedOut(List<CommandResult> results, String what) {
    if (results.isEmpty()) return new CommandResult(Status.UNREACHABLE, "No " + what + " has a live tap link", 0);
    return combine(results);
  }

  private static CommandResult combine(List<CommandResult> results) {
    Status status = Status.OK;
    long affected = 0;
    List<String> details = new ArrayList<>();
    for (CommandResult r : results) {
      if (r.status().ordinal() > status.ordinal()) status = r.status();
      affected += r.affected();
      details.add(r.detail());
    }
    return new CommandResult(status, String.join("; ", details), affected);
  }
}
