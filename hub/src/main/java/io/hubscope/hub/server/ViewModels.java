package io.hubscope.hub.server;

import io.hubscope.hub.pipeline.HubContext;
import io.hubscope.hub.vm.VMRegistry;
import io.hubscope.hub.vm.VMResponder;
import io.hubscope.hub.vm.VMRuntime;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/** Plugs the dotNetify view-model runtime into a hub: {@code builder.viewModels(ViewModels.of(registry))}. */
public final class ViewModels implements ViewModelHandler {

  private final VMRuntime runtime;

  private ViewModels(VMRuntime runtime) {
    this.runtime = runtime;
  }

  /** The registry's view models on the runtime's own timer thread. */
  public static Function<VMResponder, ViewModelHandler> of(VMRegistry registry) {
    return responder -> new ViewModels(new VMRuntime(registry, responder));
  }

  /** As {@link #of(VMRegistry)}, with view-model timers on {@code scheduler}. */
  public static Function<VMResponder, ViewModelHandler> of(VMRegistry registry, ScheduledExecutorService scheduler) {
    return responder -> new ViewModels(new VMRuntime(registry, responder, scheduler));
  }

  /** The runtime, for instance counts in tests and metrics. */
  public VMRuntime runtime() {
    return runtime;
  }

  @Override
  public void request(HubContext ctx) {
    runtime.request(ctx.connectionInfo(), ctx.connection().items(), ctx.vmId(), ctx.data());
  }

  @Override
  public void update(HubContext ctx) {
    runtime.update(ctx.connectionInfo(), ctx.vmId(), ctx.data());
  }

  @Override
  public CompletionStage<Void> requestAsync(HubContext ctx) {
    return runtime.requestAsync(ctx.connectionInfo(), ctx.connection().items(), ctx.vmId(), ctx.data());
  }

  @Override
  public CompletionStage<Void> updateAsync(HubContext ctx) {
    return runtime.updateAsync(ctx.connectionInfo(), ctx.vmId(), ctx.data());
  }

  @Override
  public CompletionStage<Void> updateHeldAsync(HubContext ctx) {
    return runtime.updateHeldAsync(ctx.connectionInfo(), ctx.vmId(), ctx.data());
  }

  @Override
  public void dispose(HubContext ctx) {
    runtime.dispose(ctx.connectionId(), ctx.vmId());
  }

  @Override
  public void disconnected(String connectionId) {
    runtime.disconnect(connectionId);
  }

  @Override
  public int viewModelCount(String connectionId) {
    return runtime.directory().vmCount(connectionId);
  }

  @Override
  public boolean holds(String connectionId, String vmId) {
    return runtime.directory().holds(connectionId, vmId);
  }

  @Override
  public List<String> holders(String vmId) {
    return runtime.directory().holders(vmId);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
