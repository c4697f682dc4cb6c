package io.hubscope.loadtest.run;

import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.hub.pipeline.CallType;
import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.profile.ProfileClient;
import io.hubscope.loadtest.protocol.JsonCursor;
import io.hubscope.loadtest.protocol.VmResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Before thousands of clients ramp up, one client per server connects and requests the profile's
 * view model, so an unreachable server, a refused handshake or an unknown view model ends the test
 * at once with one clear line instead of thousands of failures.
 */
final class Probe {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Transport transport;
  private final LoadTestSettings settings;
  private final RunStats stats;

  /** {@code stats} counts the probe's invocations and responses with the clients'. */
  Probe(Transport transport, LoadTestSettings settings, RunStats stats) {
    this.transport = transport;
    this.settings = settings;
    this.stats = stats;
  }

  void check() {
    Set<String> checked = new HashSet<>();
    for (int i = 0; i < settings.servers().size(); i++) {
      if (checked.add(transport.server(i))) check(i);
    }
  }

  private void check(int index) {
    String server = transport.server(index);
    HubClientConnection connection;
    try {
      connection = transport.hubClient(index).connect().block(TIMEOUT);
    } catch (RuntimeException e) {
      throw new LoadTestException(ConnectFailure.line(server, e));
    }
    if (connection == null) throw new LoadTestException(ConnectFailure.line(server, new TimeoutException()));
    try {
      ProfileClient probe = settings.profile().newClient(0, settings.intervalMillis(), settings.groups(), "probe", null, null);
      String vmId = probe.vmId();
      AtomicReference<String> error = new AtomicReference<>();
      connection.on(CallType.RESPONSE_VM.method(), args -> {
        stats.responded();
        VmResponse response = VmResponse.of(args);
        VmResponse.VmError refused = response == null ? null : response.error(new JsonCursor());
        if (refused != null) error.compareAndSet(null, refused.message());
      });
      ObjectNode request = JsonNodeFactory.instance.objectNode();
      request.set("$vmArg", probe.vmArg()); // the run's own arguments: a broadcast's first member sets its tick
      try {
        stats.invoked();
        connection.invoke("Request_VM", vmId, request).block(TIMEOUT);
      } catch (RuntimeException e) {
        throw new LoadTestException(server + " refused Request_VM " + vmId + ": " + oneLine(e));
      }
      if (error.get() != null) throw new LoadTestException(server + " refused Request_VM " + vmId + ": " + error.get());
      stats.invoked();
      connection.invoke("Dispose_VM", vmId).onErrorComplete().block(TIMEOUT);
    } finally {
      connection.close().block(TIMEOUT);
    }
  }

  /** The exception's message without the stack trace, on one line. */
  static String oneLine(Throwable e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return message.replaceAll("\\s+", " ").trim();
  }
}
