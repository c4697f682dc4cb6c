package io.hubscope.loadtest.profile;

import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.loadtest.metrics.RunStats;
import tools.jackson.databind.JsonNode;
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
   * Called with each state the server pushes for {@link #vmId()} after the initial full state;
   * {@code nowMillis} is the receipt time in epoch ms.
   */
  public abstract void onState(JsonNode state, double nowMillis);

  /** Called when the server has acknowledged the view-model request. */
  public void onJoined() {}

  /** The run is over: stop sending anything of our own. Receiving goes on until closed. */
  public void stopSending() {}

  /** Adds this client's per-client figures (missed, averages) to the shared stats; once, at the end. */
  public abstract void finish();
}
