package io.hubscope.app.demo;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security headers on every response of the app server, the demo page ({@code /}) first: chat
 * text is attacker text, and should a bug ever put it into the page as HTML, the policy still
 * runs no script but the page's own files. {@code connect-src} allows other origins because
 * negotiate may redirect the page to a proxy on another host or port.
 */
final class DemoPageHeaders implements WebFilter {

  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
      + "style-src 'self'; img-src 'self' data:; connect-src 'self' http: https: ws: wss:; "
      + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "same-origin");
    return chain.filter(exchange);
  }
}
