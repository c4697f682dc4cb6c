package io.hubscope.app.api;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The door of the REST data plane ({@code /api/v1/hub/...}), before any body is read: a bearer
 * token or API key (401 without one, and always while none is configured), a rate per caller (429
 * with Retry-After; callers without valid credentials are limited by IP, so guessing is slow too),
 * and a declared body size (413). Each refusal is a problem detail and is counted.
 */
final class HubApiFilter implements WebFilter {

  static final String PREFIX = "/api/v1/hub/";

  private final ApiCredentials credentials;
  private final RateLimiter limiter;
  private final long maxBodyBytes;
  private final LongAdder unauthorized = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder tooLarge = new LongAdder();

  HubApiFilter(ApiCredentials credentials, RateLimiter limiter, long maxBodyBytes) {
    this.credentials = credentials;
    this.limiter = limiter;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!exchange.getRequest().getPath().pathWithinApplication().value().startsWith(PREFIX)) {
      return chain.filter(exchange);
    }
    if (!credentials.configured()) {
      unauthorized.increment();
      return unauthorized(exchange, "The hub API is off: configure hubscope.app.api.key or hubscope.app.shared-secret");
    }
    String subject = credentials.subject(bearer(exchange));
    String caller = subject != null ? subject : "ip:" + ip(exchange);
    long wait = limiter.acquire(caller);
    if (wait > 0) {
      throttled.increment();
      exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(wait));
      return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests; try again in " + wait + " s")
          .write(exchange);
    }
    if (subject == null) {
      unauthorized.increment();
      return unauthorized(exchange, "A valid bearer token (Authorization: Bearer ...) is required");
    }
    if (exchange.getRequest().getHeaders().getContentLength() > maxBodyBytes) {
      tooLarge.increment();
      return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "The body is larger than " + maxBodyBytes + " bytes")
          .write(exchange);
    }
    return chain.filter(exchange);
  }

  private static Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    return new ApiProblem(HttpStatus.UNAUTHORIZED, detail).write(exchange);
  }

  /** The Authorization header's bearer token only: a token in a query string ends up in logs. */
  private static String bearer(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
  }

  private static String ip(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    return remote == null ? "unknown" : remote.getAddress() == null ? remote.getHostString()
        : remote.getAddress().getHostAddress();
  }

  long unauthorized() { return unauthorized.sum(); }
  long throttled() { return throttled.sum(); }
  long tooLarge() { return tooLarge.sum(); }
}
