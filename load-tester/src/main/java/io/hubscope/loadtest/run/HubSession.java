package io.hubscope.loadtest.run;

import io.hubscope.hub.client.CloseInfo;
import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.pipeline.CallType;
import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.profile.EpochMillis;
import io.hubscope.loadtest.profile.ProfileClient;
import io.hubscope.loadtest.protocol.JsonCursor;
import io.hubscope.loadtest.protocol.MalformedJsonException;
import io.hubscope.loadtest.protocol.VmResponse;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** One client over the hub: connect, request the profile's view model, hand it every state. */
final class HubSession implements Session {


  private final HubClient hubClient;
  private final ProfileClient client;
  private final RunStats stats;
  private volatile Disposable connecting;
  private volatile HubClientConnection connection;
  private volatile boolean closing;
  private boolean joinedState; // event loop only
  private final JsonCursor cursor = new JsonCursor(); // event loop only

  HubSession(HubClient hubClient, ProfileClient client, RunStats stats) {
    this.hubClient = hubClient;
    this.client = client;
    this.stats = stats;
  }

  @Override
  public void start() {
    connecting = hubClient.connect().subscribe(this::onConnected, error -> {
      if (!closing) stats.connectFailed(ConnectFailure.line(hubClient.baseUrl(), error));
    });
  }

  private void onConnected(HubClientConnection c) {
    connection = c;
    stats.connected();
    client.attach(c);
    c.on(CallType.RESPONSE_VM.method(), this::onResponse);
    c.closed().subscribe(this::onClosed);
    if (closing) {
      c.close().subscribe();
      return;
    }
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.set("$vmArg", client.vmArg());
    stats.invoked();
    c.invoke("Request_VM", client.vmId(), request).subscribe(null,
        error -> { if (!closing) stats.error("Request_VM " + client.vmId() + " failed: " + error.getMessage()); },
        client::onJoined);
  }

  private void onResponse(List<JsonNode> args) {
    stats.responded();
    // Response_VM has one argument: [vmId, "<JSON string of the changed properties>"].
    VmResponse response = VmResponse.of(args);
    if (response == null) {
      stats.error("Malformed Response_VM: " + args);
      return;
    }
    double now = EpochMillis.now();
    if (!client.vmId().equals(response.vmId())) return;
    try {
      VmResponse.VmError error = response.error(cursor);
      if (error != null) {
        stats.error(client.vmId() + ": " + error.exceptionType() + ": " + error.message());
        return;
      }
      // The first state is the view model's full state on joining, not a push: a broadcast's last
      // tick in it may be a second old. Profiles count pushes only.
      boolean initial = !joinedState;
      joinedState = true;
      if (!initial) client.onState(response.state(cursor), now);
    } catch (MalformedJsonException e) {
      stats.error("Response_VM data is not JSON: " + e.getMessage());
    }
  }

  private void onClosed(CloseInfo info) {
    stats.disconnected();
    if (!closing && info.reason() != CloseInfo.Reason.LOCAL_CLOSE) {
      stats.dropped("Connection closed by " + info.reason() + (info.error() != null ? ": " + info.error() : ""));
    }
  }

  @Override
  public void stopSending() {
    client.stopSending();
  }

  @Override
  public Mono<Void> close() {
    closing = true;
    client.stopSending();
    HubClientConnection c = connection;
    if (c != null) return c.close();
    Disposable d = connecting;
    if (d != null) d.dispose();
    return Mono.empty();
  }

  @Override
  public void finish() {
    if (connection != null) client.finish();
  }
}
