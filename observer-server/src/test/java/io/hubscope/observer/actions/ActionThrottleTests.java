package io.hubscope.observer.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ActionThrottleTests {

  final AtomicLong now = new AtomicLong(1_000_000);
  final ActionThrottle throttle = new ActionThrottle(3, now::get);

  @Test
  void refusesPastTheLimitPerUser_untilItsMinuteIsOver() {
    for (int i = 0; i < 3; i++) assertThat(throttle.acquire("ann")).isZero();
    now.addAndGet(20_000);
    assertThat(throttle.acquire("ann")).isEqualTo(40);
    assertThat(throttle.acquire("bob")).as("another user").isZero();
    now.addAndGet(40_000);
    assertThat(throttle.acquire("ann")).isZero();
  }
}
