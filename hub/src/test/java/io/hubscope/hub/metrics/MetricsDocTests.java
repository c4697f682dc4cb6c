package io.hubscope.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.limit.Limit;
import io.hubscope.hub.pipeline.CallType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/metrics.md follows the naming scheme, and lists what the hub registers. */
class MetricsDocTests {

  final MetricsDoc doc = MetricsDoc.read();

  @Test
  void everyDocumentedMeter_followsTheNamingScheme_once() {
    assertThat(doc.rows()).hasSizeGreaterThan(30);
    assertThat(doc.rows()).allSatisfy(row -> {
      assertThat(row.name()).matches("hubscope\\.(hub|forward|tap|management|observer|api)(\\.[a-z0-9]+)+");
      assertThat(row.processes()).isNotEmpty().isSubsetOf("app", "proxy", "observer");
    });
    assertThat(doc.rows().stream().map(MetricsDoc.Row::name)).doesNotHaveDuplicates();
  }

  @Test
  void hubMeters_areAllDocumentedForAppAndProxy() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerHubMetrics metrics = new MicrometerHubMetrics(registry);
    metrics.connectionOpened();
    metrics.messageReceived(10);
    metrics.error("unknown_target");
    metrics.refused(Limit.CONNECTIONS_PER_IP);
    metrics.dispatched(CallType.REQUEST_VM, 1_000);
    metrics.connectionClosed(CloseReason.values()[0]);

    Set<String> hub = MetricsDoc.registered(registry);
    assertThat(hub).isNotEmpty().allMatch(n -> n.startsWith("hubscope.hub."));
    assertThat(doc.meters("app")).containsAll(hub);
    assertThat(doc.meters("proxy")).containsAll(hub);
    assertThat(doc.meters("app").stream().filter(n -> n.startsWith("hubscope.hub."))).containsExactlyInAnyOrderElementsOf(hub);
  }
}
