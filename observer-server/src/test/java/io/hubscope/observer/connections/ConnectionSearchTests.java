package io.hubscope.observer.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.nodes.NodeState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionSearchTests {

  @Test
  void transportFilter_keepsOnlyConnectionsOnThatTransport() {
    ConnectionTable table = new ConnectionTable(100, 100, 600_000, 2);
    NodeState node = new NodeRegistry(4)
        .batch(new io.hubscope.observer.nodes.BatchHeader("n1", "proxy", "n1", "", 0, 1, Map.of()), 0).node();
    String[] transports = {"WebSockets", "ServerSentEvents", "LongPolling", "LongPolling"};
    for (int i = 0; i < transports.length; i++) {
      table.open(new ConnectionOpen(node.id(), "c" + i, i, "10.0.0.1", 1, "ua", Map.of(), transports[i], "json"), node);
    }
    ConnectionSearch search = new ConnectionSearch(table);

    assertThat(search.search(ConnectionQuery.from(Map.of("transport", "LongPolling"))).items())
        .extracting(ConnectionView::id).containsExactlyInAnyOrder("c2", "c3");
    assertThat(search.search(ConnectionQuery.from(Map.of("transport", "ServerSentEvents"))).items())
        .extracting(ConnectionView::transport).containsExactly("ServerSentEvents");
    assertThat(search.search(ConnectionQuery.from(Map.of())).total()).isEqualTo(4);
  }
}
