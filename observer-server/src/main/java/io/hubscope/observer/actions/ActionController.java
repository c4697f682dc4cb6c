package io.hubscope.observer.actions;

import io.hubscope.observer.actions.Actions.ActionResponse;
import io.hubscope.observer.actions.Actions.Prepared;
import io.hubscope.observer.connections.ConnectionState;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.control.NodeCommand;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.system.NotFoundException;
import java.time.Duration;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The operator's actions. Admins only, with the session's CSRF token (both checked by the API's
 * security chain before a request gets here); each one audited by {@link Actions}.
 */
@RestController
@RequestMapping("/api/v1")
class ActionController {

  static final String DEFAULT_REASON = "Disconnected by an operator";
  static final int DEFAULT_SPREAD_SECONDS = 30;
  static final int MAX_SPREAD_SECONDS = 3600;

  private final Actions actions;
  private final ConnectionTable connections;
  private final NodeRegistry nodes;

  ActionController(Actions actions, ConnectionTable connections, NodeRegistry nodes) {
    this.actions = actions;
    this.connections = connections;
    this.nodes = nodes;
  }

  @PostMapping("/connections/{id}/disconnect")
  Mono<ResponseEntity<ActionResponse>> disconnect(@PathVariable String id,
      @RequestBody(required = false) String body, Authentication auth, ServerHttpRequest request) {
    return actions.perform(Actor.of(auth, request), "connection.disconnect", "connection " + id, body, () -> {
      String reason = parse(body, "reason").reason(actions.settings().maxReasonChars(), DEFAULT_REASON);
      ConnectionState c = open(id);
      return new Prepared(new NodeCommand.Disconnect(c.node(), id, reason), connectionTarget(c), "reason: " + reason);
    });
  }

  @PostMapping("/connections/{id}/send")
  Mono<ResponseEntity<ActionResponse>> sendToConnection(@PathVariable String id,
      @RequestBody(required = false) String body, Authentication auth, ServerHttpRequest request) {
    return actions.perform(Actor.of(auth, request), "connection.send", "connection " + id, body, () -> {
      ActionBody b = parse(body, "vmId", "properties");
      String vmId = b.vmId();
      JsonNode properties = b.properties();
      ConnectionState c = open(id);
      return new Prepared(new NodeCommand.SendToConnection(c.node(), id, vmId, properties),
          connectionTarget(c), sendDetail(vmId, properties));
    });
  }

  @PostMapping("/groups/{group}/send")
  Mono<ResponseEntity<ActionResponse>> sendToGroup(@PathVariable String group,
      @RequestBody(required = false) String body, Authentication auth, ServerHttpRequest request) {
    return actions.perform(Actor.of(auth, request), "group.send", "group " + group, body, () -> {
      ActionBody.checkGroup(group);
      ActionBody b = parse(body, "vmId", "properties");
      String vmId = b.vmId();
      JsonNode properties = b.properties();
      return new Prepared(new NodeCommand.SendToGroup(group, vmId, properties), "group " + group,
          sendDetail(vmId, properties));
    });
  }

  @PostMapping("/viewmodels/{vmId}/send")
  Mono<ResponseEntity<ActionResponse>> sendToViewModel(@PathVariable String vmId,
      @RequestBody(required = false) String body, Authentication auth, ServerHttpRequest request) {
    return actions.perform(Actor.of(auth, request), "viewmodel.send", "view model " + vmId, body, () -> {
      ActionBody.checkVmId(vmId);
      JsonNode properties = parse(body, "properties").properties();
      return new Prepared(new NodeCommand.SendToViewModel(vmId, properties), "view model " + vmId,
          sendDetail(vmId, properties));
    });
  }

  @PostMapping("/nodes/{id}/drain")
  Mono<ResponseEntity<ActionResponse>> drain(@PathVariable String id,
      @RequestBody(required = false) String body, Authentication auth, ServerHttpRequest request) {
    return actions.perform(Actor.of(auth, request), "node.drain", "node " + id, body, () -> {
      int spread = parse(body, "spreadSeconds").seconds("spreadSeconds", DEFAULT_SPREAD_SECONDS, MAX_SPREAD_SECONDS);
      known(id);
      return new Prepared(new NodeCommand.Drain(id, Duration.ofSeconds(spread)), "node " + id,
          "clients moved over " + spread + " s");
    });
  }

  @PostMapping("/nodes/{id}/undrain")
  Mono<ResponseEntity<ActionResponse>> undrain(@PathVariable String id,
      @RequestBody(required = false) String body, Authentication auth, ServerHttpRequest request) {
    return actions.perform(Actor.of(auth, request), "node.undrain", "node " + id, body, () -> {
      parse(body);
      known(id);
      return new Prepared(new NodeCommand.Undrain(id), "node " + id, null);
    });
  }

  private ActionBody parse(String body, String... fields) {
    return ActionBody.parse(body, actions.settings().maxBodyBytes(), Set.of(fields));
  }

  /** An open connection the observer tracks: commands go to the node that holds it. */
  private ConnectionState open(String id) {
    ConnectionState c = connections.active(id);
    if (c == null) {
      throw new NotFoundException("No open connection " + id + " (unknown to the observer, or closed)");
    }
    return c;
  }

  private void known(String node) {
    if (nodes.get(node) == null) {
      throw new NotFoundException("no node " + node);
    }
  }

  private static String connectionTarget(ConnectionState c) {
    return "connection " + c.id() + " on " + c.node();
  }

  private static String sendDetail(String vmId, JsonNode properties) {
    return "vmId: " + vmId + ", properties: " + properties;
  }
}
