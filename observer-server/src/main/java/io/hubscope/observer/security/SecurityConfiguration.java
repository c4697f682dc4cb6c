package io.hubscope.observer.security;

import static org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers.pathMatchers;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Three filter chains: the tap ingest (guarded by its own token at negotiate), the API and
 * Prometheus (HTTP basic, or the browser's session), and the dashboard (form login, CSRF). Both
 * logins pass the {@link LoginThrottle} first. Every login is a {@link Role}: state-changing API
 * requests (the operator's actions) need {@link Role#ADMIN} and the session's CSRF token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  /** No inline script or style: everything the dashboard runs comes from its own static files. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
      + "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
      + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  MapReactiveUserDetailsService users(Accounts accounts, PasswordEncoder encoder) {
    List<UserDetails> users = new ArrayList<>();
    if (accounts.hasSingleAdmin()) {
      Credentials credentials = accounts.admin();
      String password = credentials.password();
      if (password == null || password.isBlank()) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        log.warn("No hubscope.observer.password set: generated password for user '{}': {} "
            + "(set HUBSCOPE_OBSERVER_PASSWORD to choose one)", credentials.username(), password);
      }
      users.add(User.withUsername(credentials.username()).password(encoder.encode(password))
          .roles(Role.ADMIN.name()).build());
    }
    for (ConfiguredUser u : accounts.users()) {
      users.add(User.withUsername(u.name()).password(u.encodedPassword()).roles(u.role().name()).build());
    }
    return new MapReactiveUserDetailsService(users);
  }

  /**
   * Form login and HTTP basic share one manager, so both count failures in the one throttle. The
   * throttle is outermost: it sees every attempt, also those the recently verified credentials
   * answer without bcrypt.
   */
  @Bean
  ThrottledAuthenticationManager authenticationManager(MapReactiveUserDetailsService users,
      PasswordEncoder encoder, LoginThrottle throttle, Clock clock) {
    UserDetailsRepositoryReactiveAuthenticationManager manager =
        new UserDetailsRepositoryReactiveAuthenticationManager(users);
    manager.setPasswordEncoder(encoder);
    VerifiedCredentials verified =
        new VerifiedCredentials(VerifiedCredentials.DEFAULT_TTL, VerifiedCredentials.DEFAULT_MAX_ENTRIES, clock);
    return new ThrottledAuthenticationManager(new CachingAuthenticationManager(manager, users, verified), throttle);
  }

  @Bean
  MeterBinder loginMeters(LoginThrottle throttle) {
    return registry -> {
      FunctionCounter.builder("hubscope.observer.login.throttled", throttle, LoginThrottle::throttled)
          .description("Login attempts refused with 429 before any password check").register(registry);
      FunctionCounter.builder("hubscope.observer.login.failed", throttle, LoginThrottle::failures)
          .description("Logins refused for a wrong username or password").register(registry);
    };
  }

  @Bean
  @Order(1)
  SecurityWebFilterChain ingestChain(ServerHttpSecurity http) {
    return http.securityMatcher(pathMatchers("/observe", "/observe/**"))
        .authorizeExchange(a -> a.anyExchange().permitAll())
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .build();
  }

  @Bean
  @Order(2)
  SecurityWebFilterChain apiChain(ServerHttpSecurity http, ThrottledAuthenticationManager manager,
      LoginThrottle throttle, ObjectProvider<RefusedActions> refusals) {
    ProblemEntryPoint problems = new ProblemEntryPoint(ProblemEntryPoint.NEEDS_ADMIN, refusals::getIfAvailable);
    ProblemEntryPoint csrfProblems = new ProblemEntryPoint(ProblemEntryPoint.NEEDS_CSRF, () -> null);
    return headers(http.securityMatcher(pathMatchers("/api/**", "/actuator/**")))
        .authorizeExchange(a -> {
          a.pathMatchers("/actuator/health", "/actuator/health/**").permitAll();
          // Whatever changes state is an action: admins only, whatever route it comes by.
          for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
            a.pathMatchers(method, "/api/**").hasRole(Role.ADMIN.name());
          }
          a.anyExchange().authenticated();
        })
        .addFilterBefore(new LoginThrottleFilter(throttle, null), SecurityWebFiltersOrder.HTTP_BASIC)
        // Basic is stateless: a script's session holds only its CSRF token, so its cookie stays valid.
        .httpBasic(b -> b.authenticationManager(manager).authenticationEntryPoint(problems)
            .securityContextRepository(NoOpServerSecurityContextRepository.getInstance()))
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        // Actions need the token with HTTP basic too: browsers replay remembered basic
        // credentials on another site's form post (RATIONALE.md).
        .csrf(c -> c.accessDeniedHandler(csrfProblems))
        .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
        // The dashboard's scripts call the API with the session the login created.
        .securityContextRepository(new WebSessionServerSecurityContextRepository())
        .build();
  }

  @Bean
  @Order(3)
  SecurityWebFilterChain browserChain(ServerHttpSecurity http, ThrottledAuthenticationManager manager,
      LoginThrottle throttle) {
    RedirectServerLogoutSuccessHandler loggedOut = new RedirectServerLogoutSuccessHandler();
    loggedOut.setLogoutSuccessUrl(URI.create("/login?logout"));
    return headers(http)
        .authorizeExchange(a -> a
            .pathMatchers("/login", "/css/**", "/js/**", "/vendor/**", "/favicon.svg").permitAll()
            .anyExchange().authenticated())
        .addFilterBefore(new LoginThrottleFilter(throttle, "/login"), SecurityWebFiltersOrder.FORM_LOGIN)
        .formLogin(f -> f.loginPage("/login").authenticationManager(manager))
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .logout(l -> l.logoutUrl("/logout").logoutSuccessHandler(loggedOut))
        .build();
  }

  private static ServerHttpSecurity headers(ServerHttpSecurity http) {
    return http.headers(h -> h
        .contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)));
  }
}
