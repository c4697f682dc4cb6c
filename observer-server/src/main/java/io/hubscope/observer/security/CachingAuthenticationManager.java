package io.hubscope.observer.security;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import reactor.core.publisher.Mono;

/**
 * Answers a username and password that passed the password check within the ttl of
 * {@link VerifiedCredentials} without checking it again (bcrypt costs 60 to 100 ms of CPU, and HTTP
 * basic sends the password on every request), as long as the stored user is unchanged and may
 * still log in. Everything else, failures included, goes to {@code delegate}: only successes are
 * remembered, so a wrong guess always costs the full check and {@link ThrottledAuthenticationManager}
 * (outside this one) still counts every outcome.
 */
final class CachingAuthenticationManager implements ReactiveAuthenticationManager {

  private final ReactiveAuthenticationManager delegate;
  private final ReactiveUserDetailsService users;
  private final VerifiedCredentials verified;

  /** {@code users}: the service {@code delegate} checks passwords against. */
  CachingAuthenticationManager(ReactiveAuthenticationManager delegate, ReactiveUserDetailsService users,
      VerifiedCredentials verified) {
    this.delegate = delegate;
    this.users = users;
    this.verified = verified;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication attempt) {
    if (attempt.getName() == null || !(attempt.getCredentials() instanceof String password)) {
      return delegate.authenticate(attempt);
    }
    return Mono.defer(() -> {
      VerifiedCredentials.Key key = verified.keyOf(attempt.getName(), password);
      Mono<Authentication> fullCheck = Mono.defer(() -> delegate.authenticate(attempt)).doOnNext(ok -> {
        if (ok.getPrincipal() instanceof UserDetails user && user.getPassword() != null) {
          verified.remember(key, user);
        }
      });
      VerifiedCredentials.Verified earlier = verified.fresh(key);
      if (earlier == null) return fullCheck;
      // A map read: it confirms the user was not replaced, re-hashed or disabled since.
      return users.findByUsername(attempt.getName())
          .filter(earlier::stillDescribes)
          .<Authentication>map(CachingAuthenticationManager::authenticated)
          .switchIfEmpty(Mono.fromRunnable(() -> verified.forget(key)).then(fullCheck));
    });
  }

  /** The token {@code UserDetailsRepositoryReactiveAuthenticationManager} makes on success. */
  private static UsernamePasswordAuthenticationToken authenticated(UserDetails user) {
    return UsernamePasswordAuthenticationToken.authenticated(user, user.getPassword(), user.getAuthorities());
  }
}
