package io.hubscope.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.forward.ForwardingOptions;
import io.hubscope.hub.testing.ConfigurationMetadata;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The proxy's settings keep forwarding's defaults unless set, and environment variables set them. */
class ProxyPropertiesTests {

  @Test
  void unset_keepsTheForwardingDefaults() {
    ProxyProperties properties = bind(Map.of());

    ForwardingOptions bound = properties.options().build();
    assertThat(bound).usingRecursiveComparison().ignoringFields("filter", "metrics")
        .isEqualTo(ForwardingOptions.defaults());
    assertThat(properties.upstreamHubUrls()).containsExactly("http://localhost:8081/dotnetify");
    assertThat(properties.hasSharedSecret()).isFalse();
  }

  @Test
  void metadataDefaults_areForwardingsDefaults() {
    Map<String, Object> defaults = ConfigurationMetadata.defaultsAsEnvironment("hubscope.proxy");
    assertThat(defaults).containsKeys("HUBSCOPE_PROXY_POOL_SIZE", "HUBSCOPE_PROXY_BACKOFF",
        "HUBSCOPE_PROXY_FORWARDED_HEADERS", "HUBSCOPE_PROXY_CALL_TIMEOUT");

    ForwardingOptions bound = bind(defaults).options().build();
    assertThat(bound).usingRecursiveComparison().ignoringFields("filter", "metrics")
        .isEqualTo(ForwardingOptions.defaults());
  }

  @Test
  void environmentVariables_overrideOnlyWhatTheySet() {
    ProxyProperties properties = bind(Map.of(
        "HUBSCOPE_PROXY_UPSTREAM", "http://app:9000", "HUBSCOPE_PROXY_POOL_SIZE", "7",
        "HUBSCOPE_PROXY_USE_MESSAGE_PACK", "true", "HUBSCOPE_PROXY_FORWARDED_HEADERS", "X-Tenant,origin",
        "HUBSCOPE_PROXY_CALL_TIMEOUT", "5s", "HUBSCOPE_PROXY_BACKOFF", "1s,3s",
        "HUBSCOPE_PROXY_NODE_NAME", "edge-1", "HUBSCOPE_PROXY_PUBLIC_URL", "http://edge-1:8082/dotnetify",
        "HUBSCOPE_PROXY_SHARED_SECRET", "a-secret-of-some-length"));

    ForwardingOptions options = properties.options().build();
    assertThat(properties.upstreamHubUrls()).containsExactly("http://app:9000/dotnetify");
    assertThat(options.poolSize()).isEqualTo(7);
    assertThat(options.useMessagePack()).isTrue();
    assertThat(options.forwardedHeaders()).containsExactlyInAnyOrder("x-tenant", "origin");
    assertThat(options.callTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.backoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
    assertThat(options.nodeName()).isEqualTo("edge-1");
    assertThat(options.publicUrl()).isEqualTo("http://edge-1:8082/dotnetify");
    assertThat(options.sharedSecret()).isEqualTo("a-secret-of-some-length");
    assertThat(options.maxPendingPerConnection())
        .isEqualTo(ForwardingOptions.defaults().maxPendingPerConnection());
  }

  @Test
  void upstreams_fromOneCommaSeparatedVariable_eachWithTheDefaultHubPath() {
    ProxyProperties properties = bind(Map.of("HUBSCOPE_PROXY_UPSTREAMS", "http://app-1:8081,http://app-2:8081/hub/"));

    assertThat(properties.upstreamHubUrls()).containsExactly("http://app-1:8081/dotnetify", "http://app-2:8081/hub");
  }

  @Test
  void upstreamAndUpstreams_bothSet_areRefusedNamingBoth() {
    assertThatThrownBy(() -> bind(Map.of("HUBSCOPE_PROXY_UPSTREAM", "http://app:8081",
        "HUBSCOPE_PROXY_UPSTREAMS", "http://app-1:8081,http://app-2:8081")))
        .rootCause().hasMessageContaining("hubscope.proxy.upstream").hasMessageContaining("hubscope.proxy.upstreams")
        .hasMessageContaining("not both");
  }

  /** Environment variables alone, with Spring Boot's relaxed binding, as the running app sees them. */
  private static ProxyProperties bind(Map<String, Object> environment) {
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(new SystemEnvironmentPropertySource(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
    return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("hubscope.proxy", ProxyProperties.class);
  }
}
