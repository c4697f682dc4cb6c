package io.hubscope.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTests {

  final AtomicLong now = new AtomicLong();
  final RateLimiter limiter = new RateLimiter(2, 3, 2, now::get);

  @Test
  void aCaller_getsItsBurst_thenTheRate_andIsToldHowLongToWait() {
    for (int i = 0; i < 3; i++) assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1);

    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500)); // one token at 2 per second
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isPositive();
    assertThat(limiter.acquire("b")).as("callers have their own buckets").isZero();
  }

  @Test
  void pastMaxCallers_idleCallersAreForgotten_soMemoryStaysBounded_butABusyOneKeepsItsDebt() {
    for (int i = 0; i < 3; i++) limiter.acquire("busy");
    limiter.acquire("idle");
    now.addAndGet(TimeUnit.SECONDS.toNanos(1)); // idle is full again, busy has 2 of 3

    assertThat(limiter.acquire("new")).isZero();
    for (int i = 0; i < 2; i++) assertThat(limiter.acquire("busy")).isZero();
    assertThat(limiter.acquire("busy")).as("busy was not reset by the eviction").isPositive();
  }
}
