package io.hubscope.app.api;

import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.forward.trust.SharedSecrets;
import io.hubscope.hub.operations.HubOperations;
import io.hubscope.hub.server.HubServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST data plane for backends that are not Java ({@code /api/v1/hub/...}): bearer tokens,
 * problem details, rate limits, and its OpenAPI document at {@code /api/v1/openapi.json}.
 */
@Configuration(proxyBeanMethods = false)
class HubApiConfiguration {

  private static final int MAX_CALLERS = 10_000;

  @Bean
  HubApiFilter hubApiFilter(HubApiProperties properties, MeterRegistry meters,
      @Value("${hubscope.app.shared-secret:}") String sharedSecret,
      @Value("${hubscope.app.previous-shared-secrets:}") List<String> previousSecrets) {
    SharedSecrets secrets = properties.signedTokens() && !sharedSecret.isEmpty()
        ? SharedSecrets.of(sharedSecret, previousSecrets) : null;
    ApiCredentials credentials = new ApiCredentials(properties.key(), secrets, Clock.systemUTC());
    HubApiFilter filter = new HubApiFilter(credentials,
        new RateLimiter(properties.requestsPerSecond(), properties.burst(), MAX_CALLERS, System::nanoTime),
        properties.maxBodySize().toBytes());
    refused(meters, filter, "unauthorized", HubApiFilter::unauthorized);
    refused(meters, filter, "throttled", HubApiFilter::throttled);
    refused(meters, filter, "too_large", HubApiFilter::tooLarge);
    return filter;
  }

  private static void refused(MeterRegistry meters, HubApiFilter filter, String reason,
      ToDoubleFunction<HubApiFilter> count) {
    FunctionCounter.builder("hubscope.api.refused", filter, count).tag("reason", reason)
        .description("REST data plane calls refused before they ran: no valid token, over the rate, body too large")
        .register(meters);
  }

  /** What the API's calls do to the hub; proxies' pooled connections are no clients here. */
  @Bean
  HubOperations hubOperations(HubServer hub, ObjectProvider<ForwardReceiver> receivers, HubApiProperties properties) {
    ForwardReceiver receiver = receivers.getIfAvailable();
    return new HubOperations(hub, Math.toIntExact(properties.maxPushSize().toBytes()),
        c -> receiver != null && receiver.isProxyConnection(c));
  }
}
