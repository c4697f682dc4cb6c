package io.hubscope.observer.security;

import io.hubscope.observer.system.ProblemJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
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
    return ProblemJson.write(exchange.getResponse(), HttpStatus.FORBIDDEN,
        "Refused: a request that changes state needs the session's CSRF token (X-CSRF-TOKEN)",
        path(exchange));
  }

  static String path(ServerWebExchange exchange) {
    return exchange.getRequest().getPath().value();
  }
}
