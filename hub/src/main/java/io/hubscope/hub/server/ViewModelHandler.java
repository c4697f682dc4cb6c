package io.hubscope.hub.server;

import io.hubscope.hub.pipeline.HubContext;
import io.hubscope.hub.vm.VMRuntime;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The end of the pipeline: where Request_VM, Update_VM and Dispose_VM calls are carried out. */
public interface ViewModelHandler {

  void request(HubContext ctx);

  void update(HubContext ctx);

  void dispose(HubContext ctx);

  /**
   * {@link #request}, for a handler that may finish later (a shared view model another server
   * runs): null when done, else a stage that completes, or fails, as the call does.
   */
  default CompletionStage<Void> requestAsync(HubContext ctx) {
    request(ctx);
    return null;
  }

  /** {@link #update}, for a handler that may finish later; null when done. */
  default CompletionStage<Void> updateAsync(HubContext ctx) {
    update(ctx);
    return null;
  }

  /** What {@link #updateHeldAsync} answers when the connection does not hold the view model. */
  CompletionStage<Void> NOT_HELD = VMRuntime.NOT_HELD;

  /**
   * {@link #updateAsync} only if the connection holds {@code ctx.vmId()}, so that nothing is created;
   * {@link #NOT_HELD}, with nothing done, otherwise. Lets a limit check only the updates that would
   * create view models, without a lookup of its own on every update.
   */
  default CompletionStage<Void> updateHeldAsync(HubContext ctx) {
    return holds(ctx.connectionId(), ctx.vmId()) ? updateAsync(ctx) : NOT_HELD;
  }

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
