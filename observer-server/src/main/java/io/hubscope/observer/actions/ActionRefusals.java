package io.hubscope.observer.actions;

import io.hubscope.observer.audit.AuditEntry;
import io.hubscope.observer.audit.AuditLog;
import io.hubscope.observer.security.RefusedActions;
import io.hubscope.observer.security.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * Audits the actions the security chain refused for their role (a viewer's attempt), named as the
 * controller names them: {@code /api/v1/nodes/n1/drain} is {@code node.drain} of {@code node n1}.
 */
public final class ActionRefusals implements RefusedActions {

  private final AuditLog audit;
  private final Clock clock;

  public ActionRefusals(AuditLog audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public Mono<Void> refused(ServerWebExchange exchange, String user, Role role, String why) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    String[] parts = path.split("/");
    // "", "api", "v1", kind, id, verb
    String action = exchange.getRequest().getMethod().name() + " " + path;
    String target = path;
    if (parts.length == 6 && parts[1].equals("api") && parts[2].equals("v1")) {
      String kind = switch (parts[3]) {
        case "connections" -> "connection";
        case "groups" -> "group";
        case "viewmodels" -> "viewmodel";
        case "nodes" -> "node";
        default -> null;
      };
      if (kind != null) {
        action = kind + "." + parts[5];
        // As the controller's path variable: percent-decoded ('+' stays a plus in a path).
        target = (kind.equals("viewmodel") ? "view model" : kind) + " "
            + UriUtils.decode(parts[4], StandardCharsets.UTF_8);
      }
    }
    Actor actor = Actor.of(user, role, exchange.getRequest());
    return audit.record(new AuditEntry(0, clock.millis(), actor.name(), role.label(), actor.ip(), action,
        target, null, "forbidden", why, 0));
  }
}
