package io.hubscope.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.ForwardingMiddleware;
import io.hubscope.forward.upstream.UpstreamPool;
import io.hubscope.hub.server.HubServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The proxy's forwarder as Spring builds it from {@code hubscope.proxy.*}: one pool per app server,
 * each with the configured size and its own gauges. The app servers need not be up (the pools
 * connect in the background), so no server starts here.
 */
class ForwardingConfigurationTests {

  final ApplicationContextRunner context = new ApplicationContextRunner()
      .withUserConfiguration(Collaborators.class, ForwardingConfiguration.class)
      .withPropertyValues("hubscope.proxy.pool-size=2", "hubscope.proxy.backoff=10s");

  @Test
  void upstreams_withTwoUrls_buildTwoPools() {
    context.withPropertyValues("hubscope.proxy.upstreams=http://127.0.0.1:9/dotnetify,http://127.0.0.2:9")
        .run(app -> {
          assertThat(app).hasNotFailed();
          ForwardingMiddleware forwarder = app.getBean(ForwardingMiddleware.class);
          assertThat(forwarder.upstreams().pools()).extracting(UpstreamPool::url)
              .containsExactly("http://127.0.0.1:9/dotnetify", "http://127.0.0.2:9/dotnetify");
          assertThat(forwarder.upstreams().pools()).extracting(UpstreamPool::size).containsExactly(2, 2);
          MeterRegistry meters = app.getBean(MeterRegistry.class);
          assertThat(meters.find("hubscope.forward.upstream.size").gauges()).hasSize(2);
          assertThat(meters.get("hubscope.forward.upstream.clients").tag("upstream", "127.0.0.2:9").gauge().value())
              .isZero();
        });
  }

  @Test
  void upstream_alone_buildsOnePool() {
    context.withPropertyValues("hubscope.proxy.upstream=http://127.0.0.1:9").run(app -> {
      assertThat(app).hasNotFailed();
      assertThat(app.getBean(ForwardingMiddleware.class).upstreams().pools()).extracting(UpstreamPool::url)
          .containsExactly("http://127.0.0.1:9/dotnetify");
    });
  }

  @Test
  void upstreamAndUpstreams_bothSet_failTheStartupNamingBoth() {
    context.withPropertyValues("hubscope.proxy.upstream=http://127.0.0.1:9",
            "hubscope.proxy.upstreams=http://127.0.0.1:9,http://127.0.0.2:9")
        .run(app -> assertThat(app).hasFailed().getFailure().rootCause()
            .hasMessageContaining("Set hubscope.proxy.upstream (one app server) or hubscope.proxy.upstreams (several),"
                + " not both"));
  }

  @Test
  void theSameAppServerListedTwice_failsTheStartup() {
    context.withPropertyValues("hubscope.proxy.upstreams=http://127.0.0.1:9,http://127.0.0.1:9/dotnetify")
        .run(app -> assertThat(app).hasFailed().getFailure().rootCause()
            .hasMessageContaining("upstream listed twice"));
  }

  /** What the rest of the proxy agent provides: the hub and a meter registry. */
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ProxyProperties.class)
  static class Collaborators {

    @Bean(destroyMethod = "close")
    HubServer hub() {
      return HubServer.builder().build();
    }

    @Bean
    MeterRegistry meters() {
      return new SimpleMeterRegistry();
    }
  }
}
