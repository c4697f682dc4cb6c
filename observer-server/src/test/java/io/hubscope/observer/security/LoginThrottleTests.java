package io.hubscope.observer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTests {

  final AtomicLong now = new AtomicLong(1_000_000);
  final LoginThrottle throttle = new LoginThrottle(5, 20, Duration.ofMinutes(5), 100, "admin", now::get);

  @Test
  void fiveFailuresFromOneIp_throttleThatIpUntilTheWindowEnds() {
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.retryAfterSeconds("10.0.0.1", "admin")).isZero();
      throttle.failed("10.0.0.1", "admin");
    }
    assertThat(throttle.retryAfterSeconds("10.0.0.1", "admin")).isEqualTo(300);
    assertThat(throttle.retryAfterSeconds("10.0.0.2", "admin")).isZero();
    now.addAndGet(Duration.ofMinutes(4).toMillis());
    assertThat(throttle.retryAfterSeconds("10.0.0.1", "someone")).isEqualTo(60);
    now.addAndGet(Duration.ofMinutes(1).toMillis());
    assertThat(throttle.retryAfterSeconds("10.0.0.1", "admin")).isZero();
    assertThat(throttle.throttled()).isEqualTo(2);
    assertThat(throttle.failures()).isEqualTo(5);
  }

  @Test
  void success_clearsTheFailures() {
    for (int i = 0; i < 4; i++) throttle.failed("10.0.0.1", "admin");
    throttle.succeeded("10.0.0.1", "admin");
    for (int i = 0; i < 4; i++) throttle.failed("10.0.0.1", "admin");
    assertThat(throttle.retryAfterSeconds("10.0.0.1", "admin")).isZero();
  }

  @Test
  void failuresForTheKnownUsernameFromManyIps_throttleThatUsername() {
    for (int i = 0; i < 20; i++) throttle.failed("10.0.1." + i, "Admin");
    assertThat(throttle.retryAfterSeconds("10.9.9.9", "admin")).isPositive();
    assertThat(throttle.retryAfterSeconds("10.9.9.9", "other")).isZero();
  }

  @Test
  void everyConfiguredUsername_isTrackedByName() {
    LoginThrottle users = new LoginThrottle(5, 20, Duration.ofMinutes(5), 100, java.util.List.of("admin", "ops"), now::get);
    for (int i = 0; i < 20; i++) users.failed("10.0.1." + i, "OPS");
    assertThat(users.retryAfterSeconds("10.9.9.9", "ops")).isPositive();
    assertThat(users.retryAfterSeconds("10.9.9.9", "admin")).isZero();
  }

  @Test
  void sprayedIpsAndNames_stayWithinTheBound() {
    for (int i = 0; i < 10_000; i++) throttle.failed("10." + (i >> 8) + "." + (i & 255) + ".1", "user" + i);
    assertThat(throttle.tracked()).isLessThanOrEqualTo(100);
  }

  @Test
  void badSettings_failFast() {
    assertThatThrownBy(() -> new LoginThrottle(0, 1, Duration.ofMinutes(1), 1, "a", now::get))
        .hasMessage("maxPerIp < 1: 0");
  }

  @Test
  void shortConfiguredPassword_isRefusedWithAClearMessage() {
    assertThatThrownBy(() -> new Credentials("admin", "short-pass"))
        .hasMessageContaining("HUBSCOPE_OBSERVER_PASSWORD").hasMessageContaining("at least 12");
    assertThat(new Credentials("admin", "").password()).isEmpty();
    assertThat(new Credentials("admin", "twelve-chars").password()).hasSize(12);
  }
}
