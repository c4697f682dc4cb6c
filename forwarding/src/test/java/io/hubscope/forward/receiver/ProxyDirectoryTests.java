package io.hubscope.forward.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.connection.PreparedMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ProxyDirectoryTests {

  final ProxyDirectory directory = new ProxyDirectory();

  static InboundPooledConnection link(String id) {
    return new InboundPooledConnection(new HubConnection() {
      final Map<String, Object> items = new ConcurrentHashMap<>();
      @Override public ConnectionInfo info() { return new ConnectionInfo(id, "10.0.0.1", 1, "", Map.of(), null, "json"); }
      @Override public Map<String, Object> items() { return items; }
      @Override public boolean send(PreparedMessage message) { return true; }
      @Override public void close(CloseReason reason, String error) {}
    });
  }

  @Test
  void pick_choosesTheProxyWithFewestClients() {
    directory.report(link("a1"), "a", "a", "http://a/dotnetify", 10, 10);
    directory.report(link("b1"), "b", "b", "http://b/dotnetify", 3, 3);

    assertThat(directory.pickLeastLoaded()).get().extracting(ProxyDirectory.Proxy::nodeId).isEqualTo("b");
  }

  @Test
  void pick_skipsADrainingProxy_evenWhenItIsTheLeastLoaded_untilItIsUndrained() {
    directory.report(link("a1"), "a", "a", "http://a/dotnetify", 0, 0, true);
    directory.report(link("b1"), "b", "b", "http://b/dotnetify", 50, 50);

    assertThat(directory.pickLeastLoaded()).get().extracting(ProxyDirectory.Proxy::nodeId).isEqualTo("b");

    directory.report(link("a1"), "a", "a", "http://a/dotnetify", 0, 0, false);
    assertThat(directory.pickLeastLoaded()).get().extracting(ProxyDirectory.Proxy::nodeId).isEqualTo("a");
  }

  @Test
  void pick_countsClientsSentButNotYetArrived() {
    directory.report(link("a1"), "a", "a", "http://a/dotnetify", 0, 0);
    directory.report(link("b1"), "b", "b", "http://b/dotnetify", 0, 0);

    StringBuilder picks = new StringBuilder();
    for (int i = 0; i < 6; i++) picks.append(directory.pickLeastLoaded().orElseThrow().nodeId());
    assertThat(picks.toString()).isEqualTo("ababab");

    // a reports two of its three arrivals; one is still on its way: a counts 3, b counts 3.
    directory.report(link("a1"), "a", "a", "http://a/dotnetify", 2, 2);
    assertThat(directory.pickLeastLoaded().orElseThrow().nodeId()).isEqualTo("a");
    directory.report(link("b1"), "b", "b", "http://b/dotnetify", 3, 3);
    assertThat(directory.pickLeastLoaded().orElseThrow().nodeId()).isEqualTo("b");
  }

  @Test
  void proxiesWithoutUrlOrLinks_areNotPicked() {
    InboundPooledConnection a = link("a1");
    a.nodeId("a");
    directory.report(a, "a", "a", "http://a/dotnetify", 0, 0);
    directory.report(link("n1"), "n", "n", "", 0, 0);

    directory.linkClosed(a);

    assertThat(directory.pickLeastLoaded()).isEmpty();
    assertThat(directory.proxies()).extracting(ProxyDirectory.Proxy::nodeId).containsExactly("n");
  }
}
