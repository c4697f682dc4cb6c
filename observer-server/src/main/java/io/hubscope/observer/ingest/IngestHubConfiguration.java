package io.hubscope.observer.ingest;

import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.transport.TransportSettings;
import io.hubscope.observer.control.TapLinks;
import io.hubscope.observer.control.TapNodeControl;
import io.hubscope.observer.history.HistoryWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * The ingest hub at {@code /observe}: taps invoke {@code Observe(batch)} over SignalR. The same
 * connections carry the operator's commands back to the nodes ({@code Command}), answered with
 * {@code CommandResult}; see {@link TapNodeControl}.
 */
@Configuration(proxyBeanMethods = false)
class IngestHubConfiguration {

  private static final Logger log = LoggerFactory.getLogger(IngestHubConfiguration.class);

  @Bean(destroyMethod = "close")
  HubServer observeHub(IngestService ingest, IngestSettings settings, TapLinks links, TapNodeControl control) {
    if (settings.token() == null || settings.token().isBlank()) {
      log.warn("No hubscope.observer.ingest-token set: every tap is refused at /observe "
          + "(set HUBSCOPE_OBSERVER_INGEST_TOKEN to the taps' hubscope.tap.token)");
    }
    return HubServer.builder()
        .path("/observe")
        .settings(TransportSettings.defaults().withMaxMessageSize(settings.maxBatchBytes()))
        .negotiatePolicy(new TapTokenPolicy(settings.token()))
        // Decoded: the batch is read from the message's own parser, never built into a tree (see IngestBatch).
        .decodedMethod("Observe", IngestBatch::decode, call -> {
          // Ingest is non-blocking in-memory work, fine on the event loop.
          IngestBatch batch = call.arguments().isEmpty() ? IngestBatch.none() : call.arguments().get(0);
          links.seen(call.connection(), batch.nodeId(), batch.nodeRole());
          return Mono.just(ingest.ingest(batch));
        })
        .method("CommandResult", call -> {
          if (!call.arguments().isEmpty()) control.answered(call.connection(), call.arguments().get(0));
          return Mono.empty();
        })
        .disconnectionMiddleware(control)
        .build();
  }

  @Bean
  IngestHealthIndicator ingestHealthIndicator(HubServer observeHub, IngestService ingest, HistoryWriter history,
      IngestSettings settings) {
    return new IngestHealthIndicator(observeHub, ingest, history, settings);
  }

  @Bean
  WebFilter observeHubFilter(HubServer observeHub) {
    return observeHub.webFilter();
  }
}
