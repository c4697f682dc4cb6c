package io.hubscope.observer.security;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import reactor.core.publisher.Mono;

/** Counts each login outcome in the {@link LoginThrottle}, keyed by the IP {@link LoginThrottleFilter} put in the context. */
final class ThrottledAuthenticationManager implements ReactiveAuthenticationManager {

  private final ReactiveAuthenticationManager delegate;
  private final LoginThrottle throttle;

  ThrottledAuthenticationManager(ReactiveAuthenticationManager delegate, LoginThrottle throttle) {
    this.delegate = delegate;
    this.throttle = throttle;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication attempt) {
    return Mono.deferContextual(ctx -> {
      String ip = ctx.getOrDefault(LoginThrottleFilter.CLIENT_IP, null);
      return delegate.authenticate(attempt)
          .doOnNext(ok -> throttle.succeeded(ip, attempt.getName()))
          .doOnError(AuthenticationException.class, e -> throttle.failed(ip, attempt.getName()));
    });
  }
}
