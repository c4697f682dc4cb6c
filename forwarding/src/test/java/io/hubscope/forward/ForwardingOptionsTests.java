package io.hubscope.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForwardingOptionsTests {

  @Test
  void defaults_matchDotNetifysForwarding() {
    ForwardingOptions options = ForwardingOptions.defaults();

    assertThat(options.poolSize()).isEqualTo(5);
    assertThat(options.haltPipeline()).isTrue();
    assertThat(options.useMessagePack()).isFalse();
    assertThat(options.backoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10));
    assertThat(options.forwardedHeaders()).doesNotContain("cookie", "authorization");
  }

  @Test
  void builder_failsFastOnValuesThatCannotWork() {
    assertThatThrownBy(() -> ForwardingOptions.builder().poolSize(0)).hasMessage("poolSize < 1: 0");
    assertThatThrownBy(() -> ForwardingOptions.builder().maxPendingPerConnection(0))
        .hasMessage("maxPendingPerConnection < 1: 0");
    assertThatThrownBy(() -> ForwardingOptions.builder().backoff(List.of())).hasMessageContaining("backoff");
    assertThatThrownBy(() -> ForwardingOptions.builder().callTimeout(Duration.ZERO)).hasMessageContaining("callTimeout");
    assertThatThrownBy(() -> ForwardingOptions.builder().publicUrl("localhost:8082")).hasMessageContaining("publicUrl");
    assertThatThrownBy(() -> new ForwardingMiddleware("localhost:8081", ForwardingOptions.defaults()))
        .hasMessageContaining("upstream must be an http(s) or ws(s) URL");
  }

  @Test
  void forwardedHeaders_areCaseInsensitive() {
    ForwardingOptions options = ForwardingOptions.builder().forwardedHeaders(Set.of("X-Tenant", " Accept-Language ")).build();

    assertThat(options.forwardedHeaders()).containsExactlyInAnyOrder("x-tenant", "accept-language");
  }

  @Test
  void toBuilder_keepsEverySetting() {
    ForwardingOptions options = ForwardingOptions.builder().poolSize(2).useMessagePack(true).haltPipeline(false)
        .nodeName("edge-1").sharedSecret("0123456789abcdef").build();

    assertThat(options.toBuilder().build()).isEqualTo(options);
  }
}
