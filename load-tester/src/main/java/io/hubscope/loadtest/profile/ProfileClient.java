package io.hubscope.loadtest.profile;

import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.loadtest.metrics.RunStats;
import io.hubscope.loadtest.protocol.JsonCursor;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one simulated client of a profile does with its view model. A client's callbacks run on its
 * connection's event loop (one thread), so its own fields need no locks; only {@link RunStats}
 * is shared.
 */
public abstract class ProfileClient {

  protected final RunStats stats;
  protected volatile HubClientConnection connection;

  protected ProfileClient(RunStats stats) {
    this.stats = stats;
  }

  /** The view model this client requests. */
  public abstract String vmId();

  /** The {@code $vmArg} of the request. */
  public abstract ObjectNode vmArg();

  /** Called once the connection is open, before the view model is requested. */
  public void attach(HubClientConnection connection) {
    this.connection = connection;
  }

  /**
   * Called with each state the server pushes for {@link #vmId()} after the initial full state,
   * checked to be one JSON text, with the cursor at its start; {@code nowMillis} is the receipt
   * time in epoch ms. The bytes under the cursor are valid during this call only.
   *
   * @throws io.hubscope.loadtest.protocol.MalformedJsonException when a value is not of the JSON type read
   */
  public abstract void onState(JsonCursor state, double nowMillis);

  /** Called when the server has acknowledged the view-model request. */
  public void onJoined() {}

  /** The run is over: stop sending anything of our own. Receiving goes on until closed. */
  public void stopSending() {}

  /** Adds this client's per-client figures (missed, averages) to the shared stats; once, at the end. */
  public abstract void finish();
}
