package io.hubscope.hub.client;

import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;

/** Starts a {@link FakeHubServer} per test and closes what the test opened. */
abstract class FakeHubServerTestSupport {

  static final Duration WAIT = Duration.ofSeconds(5);

  final FakeHubServer server = new FakeHubServer();
  final List<HubClientConnection> opened = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() {
    for (HubClientConnection c : opened) c.close().block(WAIT);
    server.close();
  }

  static Stream<HubProtocol> protocols() {
    return Stream.of(HubProtocols.JSON, HubProtocols.MESSAGE_PACK);
  }

  HubClientConnection connect(HubClient.Builder builder) {
    HubClientConnection connection = builder.build().connect().block(WAIT);
    opened.add(connection);
    return connection;
  }

  HubClient.Builder client(String path) {
    return HubClient.builder(server.url(path));
  }
}
