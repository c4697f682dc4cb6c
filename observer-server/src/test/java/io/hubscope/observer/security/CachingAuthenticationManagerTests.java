package io.hubscope.observer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.observer.TestClock;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class CachingAuthenticationManagerTests {

  static final String PASSWORD = "correct-horse-battery";

  final CountingEncoder encoder = new CountingEncoder();
  final TestClock clock = new TestClock(1_000_000_000_000L);
  final VerifiedCredentials verified = new VerifiedCredentials(VerifiedCredentials.DEFAULT_TTL, 256, clock);
  final MapReactiveUserDetailsService users = users(user("ops", PASSWORD));
  final ReactiveAuthenticationManager manager = manager(users);

  @Test
  void sameCredentialsTwice_checkThePasswordOnce() {
    Authentication first = login(manager, "ops", PASSWORD);
    Authentication second = login(manager, "ops", PASSWORD);

    assertThat(encoder.matches).hasValue(1);
    assertThat(first.isAuthenticated()).isTrue();
    assertThat(second.isAuthenticated()).isTrue();
    assertThat(second.getName()).isEqualTo("ops");
    assertThat(second.getAuthorities()).isEqualTo(first.getAuthorities());
    assertThat(AuthorityUtils.authorityListToSet(second.getAuthorities())).containsExactly("ROLE_VIEWER");
  }

  @Test
  void wrongPasswordAfterACachedSuccess_isRefusedByTheFullCheckEveryTime() {
    login(manager, "ops", PASSWORD);

    assertThatThrownBy(() -> login(manager, "ops", "wrong-password")).isInstanceOf(BadCredentialsException.class);
    assertThat(encoder.matches).hasValue(2);
    assertThatThrownBy(() -> login(manager, "ops", "wrong-password")).isInstanceOf(BadCredentialsException.class);
    assertThat(encoder.matches).as("failures are not cached").hasValue(3);
  }

  @Test
  void afterTheTtl_theFullCheckRunsAgain() {
    login(manager, "ops", PASSWORD);
    clock.advance(VerifiedCredentials.DEFAULT_TTL.minusMillis(1));
    login(manager, "ops", PASSWORD);
    assertThat(encoder.matches).as("just inside the ttl").hasValue(1);

    clock.advance(Duration.ofMillis(1));
    login(manager, "ops", PASSWORD);
    assertThat(encoder.matches).hasValue(2);
    login(manager, "ops", PASSWORD);
    assertThat(encoder.matches).as("verified afresh").hasValue(2);
  }

  @Test
  void aChangedStoredHash_isNotServedFromTheCache() {
    login(manager, "ops", PASSWORD);

    // Same name, same password, a new salt: the stored hash differs, so the full check runs.
    ReactiveAuthenticationManager rehashed = manager(users(user("ops", PASSWORD)));
    login(rehashed, "ops", PASSWORD);
    assertThat(encoder.matches).hasValue(2);

    // The password was changed: the old one is refused although it was verified a moment ago.
    ReactiveAuthenticationManager changed = manager(users(user("ops", "a-new-password-2")));
    assertThatThrownBy(() -> login(changed, "ops", PASSWORD)).isInstanceOf(BadCredentialsException.class);
    assertThat(encoder.matches).hasValue(3);
  }

  @Test
  void aDisabledUser_isNotServedFromTheCache() {
    UserDetails ops = user("ops", PASSWORD);
    ReactiveAuthenticationManager before = manager(users(ops));
    login(before, "ops", PASSWORD);

    ReactiveAuthenticationManager disabled = manager(users(User.withUserDetails(ops).disabled(true).build()));
    assertThatThrownBy(() -> login(disabled, "ops", PASSWORD)).isInstanceOf(DisabledException.class);
  }

  @Test
  void moreThan256Users_keepAtMost256Entries_theOldestOut() {
    List<UserDetails> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) many.add(user("user-" + i, PASSWORD));
    ReactiveAuthenticationManager manyUsers = manager(new MapReactiveUserDetailsService(many));
    for (int i = 0; i < 300; i++) login(manyUsers, "user-" + i, PASSWORD);
    assertThat(verified.size()).isEqualTo(256);
    assertThat(encoder.matches).hasValue(300);

    login(manyUsers, "user-299", PASSWORD);
    assertThat(encoder.matches).as("the newest is kept").hasValue(300);
    login(manyUsers, "user-0", PASSWORD);
    assertThat(encoder.matches).as("the oldest was evicted").hasValue(301);
  }

  @Test
  void theKeyIsAnHmacOfThePair_andNothingHeldIsThePassword() {
    login(manager, "ops", PASSWORD);
    VerifiedCredentials.Key key = verified.keyOf("ops", PASSWORD);
    byte[] bytes = key.bytes();

    assertThat(bytes).hasSize(32);
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
    assertThat(key).isEqualTo(verified.keyOf("ops", PASSWORD));
    assertThat(key).as("keyed per process").isNotEqualTo(
        new VerifiedCredentials(VerifiedCredentials.DEFAULT_TTL, 256, clock).keyOf("ops", PASSWORD));
    assertThat(verified.keyOf("ab", "c")).as("unambiguous").isNotEqualTo(verified.keyOf("a", "bc"));

    VerifiedCredentials.Verified entry = verified.fresh(key);
    assertThat(entry).isNotNull();
    for (RecordComponent c : VerifiedCredentials.Verified.class.getRecordComponents()) {
      assertThat(String.valueOf(invoke(c, entry))).as(c.getName()).doesNotContain(PASSWORD);
    }
    assertThat(entry.toString()).doesNotContain(entry.passwordHash());
  }

  @Test
  void aSuccessFromTheCache_stillClearsTheThrottle() {
    LoginThrottle throttle = new LoginThrottle(5, 20, Duration.ofMinutes(5), 100, "ops", clock::millis);
    ReactiveAuthenticationManager throttled = new ThrottledAuthenticationManager(manager, throttle);
    login(throttled, "ops", PASSWORD);
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> login(throttled, "ops", "wrong-password")).isInstanceOf(BadCredentialsException.class);
    }
    login(throttled, "ops", PASSWORD);
    assertThat(encoder.matches).as("served from the cache").hasValue(5);

    assertThatThrownBy(() -> login(throttled, "ops", "wrong-password")).isInstanceOf(BadCredentialsException.class);
    assertThat(throttle.retryAfterSeconds(null, "ops")).as("the four earlier failures were cleared").isZero();
    assertThat(throttle.failures()).isEqualTo(5);
  }

  private ReactiveAuthenticationManager manager(MapReactiveUserDetailsService users) {
    UserDetailsRepositoryReactiveAuthenticationManager full = new UserDetailsRepositoryReactiveAuthenticationManager(users);
    full.setPasswordEncoder(encoder);
    return new CachingAuthenticationManager(full, users, verified);
  }

  private UserDetails user(String name, String password) {
    return User.withUsername(name).password(encoder.encode(password)).roles("VIEWER").build();
  }

  private static MapReactiveUserDetailsService users(UserDetails... users) {
    return new MapReactiveUserDetailsService(users);
  }

  private static Authentication login(ReactiveAuthenticationManager manager, String name, String password) {
    return manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(name, password)).block();
  }

  private static Object invoke(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** BCrypt at the lowest cost, counting the password checks. */
  static final class CountingEncoder implements PasswordEncoder {
    final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    final AtomicInteger matches = new AtomicInteger();

    @Override
    public String encode(CharSequence raw) {
      return bcrypt.encode(raw);
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
      matches.incrementAndGet();
      return bcrypt.matches(raw, encoded);
    }
  }
}
