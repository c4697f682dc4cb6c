package io.hubscope.observer.security;

import io.hubscope.observer.system.ProblemJson;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Sits in front of the form login and HTTP basic filters: a login attempt from a throttled IP or
 * for a throttled username gets 429 with {@code Retry-After} before any password is hashed. Other
 * attempts go on with the client IP in the Reactor context, where {@link ThrottledAuthenticationManager}
 * reads it to count the outcome.
 */
final class LoginThrottleFilter implements WebFilter {

  static final String CLIENT_IP = LoginThrottleFilter.class.getName() + ".ip";

  private final LoginThrottle throttle;
  private final ServerWebExchangeMatcher formLogin;

  /** {@code loginPath}: where the form posts, matched as the login filter matches it; null for none. */
  LoginThrottleFilter(LoginThrottle throttle, String loginPath) {
    this.throttle = throttle;
    this.formLogin = loginPath == null ? e -> MatchResult.notMatch()
        : ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, loginPath);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String basic = basicUsername(exchange);
    if (basic != null) return attempt(exchange, chain, basic);
    return formLogin.matches(exchange).flatMap(m -> {
      if (!m.isMatch()) return chain.filter(exchange);
      // The form data is cached by the exchange, so the login filter after this one reads it again.
      return exchange.getFormData().flatMap(f -> {
        String user = f.getFirst("username");
        return attempt(exchange, chain, user == null ? "" : user);
      });
    });
  }

  private Mono<Void> attempt(ServerWebExchange exchange, WebFilterChain chain, String username) {
    String ip = clientIp(exchange);
    long wait = throttle.retryAfterSeconds(ip, username);
    if (wait > 0) return tooMany(exchange, wait);
    return chain.filter(exchange).contextWrite(c -> c.put(CLIENT_IP, ip));
  }

  private static Mono<Void> tooMany(ServerWebExchange exchange, long wait) {
    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(wait));
    return ProblemJson.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS,
        "Too many failed logins; retry in " + wait + " s", exchange.getRequest().getPath().value());
  }

  private static String clientIp(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
  }

  /** The username of an {@code Authorization: Basic} header, or null when there is none or it is malformed. */
  private static String basicUsername(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
