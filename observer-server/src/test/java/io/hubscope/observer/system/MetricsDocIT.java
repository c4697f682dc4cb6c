package io.hubscope.observer.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.metrics.MetricsDoc;
import io.hubscope.observer.ObserverApplication;
import io.hubscope.observer.TapBatch;
import io.hubscope.observer.ingest.IngestService;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Every hubscope.* meter the observer registers (after a node's traffic) is in docs/metrics.md, and no more. */
@SpringBootTest(classes = ObserverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubscope.observer.password=test-password", "hubscope.observer.ingest-token=t",
        "spring.datasource.url=jdbc:h2:mem:metrics-doc-${random.uuid};DB_CLOSE_DELAY=-1"})
class MetricsDocIT {

  @Autowired IngestService ingest;
  @Autowired MeterRegistry registry;

  @Test
  void registeredMeters_matchDocsMetricsMd() {
    ingest.ingest(TapBatch.from("proxy-doc@host:8082", "proxy").seq(1).dropped("queue_full", 1)
        .host(0.3, 1_000, 8_000, 300, 120, 1_024)
        .open("doc-c1", "10.0.0.1", "Mozilla/5.0")
        .msg("doc-c1", "in", "Update_VM", "Echo", 10, "{\"n\":1}")
        .close("doc-c1", "normal").json());

    assertThat(MetricsDoc.registered(registry)).as("hubscope.* meters of the observer vs " + MetricsDoc.FILE)
        .containsExactlyInAnyOrderElementsOf(MetricsDoc.read().meters("observer"));
  }
}
