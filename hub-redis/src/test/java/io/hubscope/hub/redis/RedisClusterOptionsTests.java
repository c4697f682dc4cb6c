package io.hubscope.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisClusterOptionsTests {

  @Test
  void defaults_randomServerIdAndThreeSecondLeases() {
    RedisClusterOptions options = RedisClusterOptions.builder("redis://127.0.0.1:6379").serverId("").build();
    assertThat(options.serverId()).isNotBlank();
    assertThat(options.leaseTtl()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.renewInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void badValues_failFast() {
    assertThatThrownBy(() -> RedisClusterOptions.builder("").build()).hasMessageContaining("redisUrl");
    assertThatThrownBy(() -> RedisClusterOptions.builder("redis://x").renewInterval(Duration.ofSeconds(2)).build())
        .hasMessageContaining("renewInterval > leaseTtl / 3");
    assertThatThrownBy(() -> RedisClusterOptions.builder("redis://x").maxEnvelopeSize(10).build())
        .hasMessageContaining("maxEnvelopeSize < 1024");
  }
}
