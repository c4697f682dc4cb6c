package io.hubscope.observer.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hubscope.observer.TapBatch;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.ingest.IngestService;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.payloads.MessageLog;
import io.hubscope.observer.throughput.ThroughputService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SummaryServiceTests {

  static final long NOW = 1_800_000_000_000L;
  static final String APP_1 = "app-1@10.0.0.1:8081";
  static final String APP_2 = "app-2@10.0.0.2:8081";
  static final String PROXY_1 = "proxy-1@10.0.0.5:8082";
  static final String PROXY_2 = "proxy-2@10.0.0.6:8082";

  Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
  NodeRegistry nodes = new NodeRegistry(16);
  ConnectionTable table = new ConnectionTable(1000, 1000, 600_000, 3);
  IngestService ingest = new IngestService(nodes, table, new MessageLog(64), clock);
  SummaryService summaries = new SummaryService(nodes, table, new ThroughputService(nodes, clock), ingest, clock);

  Summary.NodeLink node(String id) {
    return summaries.summary().topology().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void twoAppServersReportingLinks_showWithTheirProxies_aProxyLinkedToBothUnderBoth() {
    ingest.ingest(TapBatch.from(PROXY_1, "proxy").seq(1).at(NOW).host(0.1, 1, 2).json());
    ingest.ingest(TapBatch.from(PROXY_2, "proxy").seq(1).at(NOW).host(0.1, 1, 2).json());
    ingest.ingest(TapBatch.from(APP_1, "app").seq(1).at(NOW).hostLinkedTo("proxy-1", "proxy-2").json());
    ingest.ingest(TapBatch.from(APP_2, "app").seq(1).at(NOW).hostLinkedTo("proxy-2", "proxy-3").json());

    assertThat(node(APP_1).links()).extracting(Summary.Link::role, Summary.Link::name, Summary.Link::node)
        .containsExactly(tuple("proxy", "proxy-1", PROXY_1), tuple("proxy", "proxy-2", PROXY_2));
    assertThat(node(APP_2).links()).extracting(Summary.Link::name, Summary.Link::node)
        .as("proxy-3 has no tap: listed, not resolved")
        .containsExactly(tuple("proxy-2", PROXY_2), tuple("proxy-3", null));
    assertThat(node(APP_2).links().get(0).id()).isEqualTo("proxy-2-k2x9");
    assertThat(node(APP_2).links().get(0).url()).isEqualTo("http://10.0.0.5:8082/dotnetify");
    assertThat(node(PROXY_1).links()).as("a proxy reports no links").isNull();
    assertThat(summaries.summary().nodes()).isEqualTo(4);
  }

  @Test
  void anAppServerThatDoesNotReportLinks_stillShows_withItsLinksUnknown() {
    ingest.ingest(TapBatch.from(APP_1, "app").seq(1).at(NOW).host(0.1, 1, 2).json());
    ingest.ingest(TapBatch.from(APP_2, "app").seq(1).at(NOW).hostLinkedTo().json());

    assertThat(node(APP_1).links()).as("an older tap: unknown").isNull();
    assertThat(node(APP_2).links()).as("no proxy linked: none").isEmpty();
  }

  @Test
  void aNewReport_replacesTheLinks_andTheyGoWithTheNode() {
    ingest.ingest(TapBatch.from(APP_1, "app").seq(1).at(NOW).hostLinkedTo("proxy-1", "proxy-2").json());
    ingest.ingest(TapBatch.from(APP_1, "app").seq(2).at(NOW).hostLinkedTo("proxy-2").json());
    assertThat(node(APP_1).links()).extracting(Summary.Link::name).containsExactly("proxy-2");

    ingest.expireSilentNodes(NOW + 3_600_000, 300_000);
    assertThat(summaries.summary().topology()).isEmpty();
    ingest.ingest(TapBatch.from(APP_1, "app").seq(3).at(NOW).host(0.1, 1, 2).json());
    assertThat(node(APP_1).links()).as("forgotten with the node").isNull();
  }

  @Test
  void twoTappedProxiesOfOneName_theLinkGoesToTheOneServingAtItsUrlsPort() {
    ingest.ingest(TapBatch.from("edge@10.0.0.7:9000", "proxy").address("10.0.0.7:9000").seq(1).at(NOW).host(0.1, 1, 2).json());
    ingest.ingest(TapBatch.from("edge@10.0.0.5:8082", "proxy").address("10.0.0.5:8082").seq(1).at(NOW).host(0.1, 1, 2).json());
    ingest.ingest(TapBatch.from(APP_1, "app").seq(1).at(NOW).hostLinkedTo("edge").json());

    assertThat(node(APP_1).links()).extracting(Summary.Link::node).containsExactly("edge@10.0.0.5:8082");
  }
}
