package io.hubscope.hub.boot.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.tap.NodeIdentity;
import io.hubscope.tap.TapOptions;
import org.junit.jupiter.api.Test;

class ForwardingTapPlacementTests {

  static final String URL = "http://127.0.0.1:8080/observe";
  static final String SECRET = "test-secret-of-32-characters-ok!";

  @Test
  void appServer_reportsTheProxiesInItsReceiversDirectory_asLinks() {
    ForwardReceiver receiver = ForwardReceiver.create(SECRET);
    TapOptions.Builder options = TapOptions.builder(URL, NodeIdentity.of("app", "a1", "127.0.0.1:8081"));

    ForwardingTapPlacement placement = new ForwardingTapPlacement(null, receiver);
    placement.configure(options);
    TapOptions built = options.build();

    assertThat(placement.role()).isEqualTo("app");
    assertThat(built.links()).as("an app server reports its links").isNotNull();
    assertThat(built.links().get()).as("no proxy has linked yet: none, which is not unknown").isEmpty();
  }
}
