package io.hubscope.loadtest.testing;

import io.hubscope.hub.server.HubServer;
import io.hubscope.hub.server.ViewModels;
import io.hubscope.hub.testing.HubTestServer;
import io.hubscope.hub.vm.VMRegistry;

/** A hub on a free port serving the given view models; closes with the test. */
public final class TestHub implements AutoCloseable {

  private final HubTestServer server;

  public TestHub(VMRegistry viewModels) {
    this.server = new HubTestServer(HubServer.builder().viewModels(ViewModels.of(viewModels)).build());
  }

  public String url() {
    return server.url();
  }

  @Override
  public void close() {
    server.close();
  }
}
