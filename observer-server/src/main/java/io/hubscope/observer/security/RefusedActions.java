package io.hubscope.observer.security;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Hears of each request of a logged-in user the API refused with 403 because of its role, so the
 * audit log records a viewer's attempted action too. Optional: without such a bean only the
 * response says it.
 */
public interface RefusedActions {

  /** Completes once the refusal is recorded; never errors (a failure is the listener's to log). */
  Mono<Void> refused(ServerWebExchange exchange, String user, Role role, String why);
}
