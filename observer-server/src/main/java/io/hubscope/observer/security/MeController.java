package io.hubscope.observer.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who is logged in, with which role, and the CSRF token its actions must send. A script on HTTP
 * basic gets its token here (with the session cookie that holds it), as the dashboard gets it in
 * its pages.
 */
@RestController
class MeController {

  record Me(String name, String role, Csrf csrf) {}

  record Csrf(String headerName, String token) {}

  @GetMapping("/api/v1/me")
  Mono<Me> me(Authentication auth, ServerWebExchange exchange) {
    Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
    Mono<Csrf> csrf = token == null ? Mono.empty() : token.map(t -> new Csrf(t.getHeaderName(), t.getToken()));
    return csrf.map(c -> new Me(auth.getName(), Role.of(auth).label(), c))
        .defaultIfEmpty(new Me(auth.getName(), Role.of(auth).label(), null));
  }
}
