package io.hubscope.observer.security;

import io.hubscope.observer.system.ProblemJson;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The API's 401 and 403 as problem details. A script (it sends {@code X-Requested-With}) gets no
 * {@code WWW-Authenticate} challenge, so the browser shows no login prompt and the dashboard can
 * go to its login page; other clients get the HTTP basic challenge.
 */
final class ProblemEntryPoint implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

  static final String NEEDS_CSRF =
      "Refused: a request that changes state needs the session's CSRF token (X-CSRF-TOKEN; GET /api/v1/me has it)";
  static final String NEEDS_ADMIN = "Refused: this action needs the admin role";

  private final String forbidden;
  private final Supplier<RefusedActions> refusals;

  /**
   * {@code forbidden}: the 403's detail; {@code refusals}: who hears of each 403 of a logged-in
   * user (the audit log), or supplies null.
   */
  ProblemEntryPoint(String forbidden, Supplier<RefusedActions> refusals) {
    this.forbidden = forbidden;
    this.refusals = refusals;
  }

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException e) {
    if (!exchange.getRequest().getHeaders().containsHeader("X-Requested-With")) {
      exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Realm\"");
    }
    return ProblemJson.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED,
        "This API needs a login: HTTP basic with the observer's username and password, or the dashboard's session",
        path(exchange));
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException e) {
    RefusedActions listener = refusals.get();
    Mono<Void> heard = listener == null ? Mono.empty() : exchange.getPrincipal()
        .ofType(Authentication.class)
        .flatMap(who -> listener.refused(exchange, who.getName(), Role.of(who), forbidden));
    return heard.then(ProblemJson.write(exchange.getResponse(), HttpStatus.FORBIDDEN, forbidden, path(exchange)));
  }

  static String path(ServerWebExchange exchange) {
    return exchange.getRequest().getPath().value();
  }
}
