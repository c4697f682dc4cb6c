package io.hubscope.hub.server;

import io.hubscope.hub.pipeline.HubContext;
import java.util.List;

/** The end of the pipeline: where Request_VM, Update_VM and Dispose_VM calls are carried out. */
public interface ViewModelHandler {

  void request(HubContext ctx);

  void update(HubContext ctx);

  void dispose(HubContext ctx);

  /** Disposes everything the connection held. */
  void disconnected(String connectionId);

  /**
   * How many view models the connection holds, for the per-connection limit; a handler that does
   * not count returns 0 and is not limited.
   */
  default int viewModelCount(String connectionId) {
    return 0;
  }

  /** Whether the connection holds {@code vmId} (a request for it then creates nothing). */
  default boolean holds(String connectionId, String vmId) {
    return false;
  }

  /** The connections holding {@code vmId} now; a handler that does not track them returns none. */
  default List<String> holders(String vmId) {
    return List.of();
  }

  /** Stops timers when the hub closes. */
  default void close() {}

  ViewModelHandler NONE = new ViewModelHandler() {
    @Override public void request(HubContext ctx) { throw new HubCallException("unknown_vm", "No view models are registered on this hub"); }
    @Override public void update(HubContext ctx) { throw new HubCallException("unknown_vm", "No view models are registered on this hub"); }
    @Override public void dispose(HubContext ctx) {}
    @Override public void disconnected(String connectionId) {}
  };
}
