package io.hubscope.hub.server;

import io.hubscope.hub.limit.Limit;
import io.hubscope.hub.limit.LimitExceededException;
import io.hubscope.hub.metrics.HubMetrics;
import io.hubscope.hub.pipeline.HubContext;
import io.hubscope.hub.vm.VMException;
import io.hubscope.hub.vm.VMResponder;
import java.util.concurrent.CompletionStage;

/**
 * Bounds the view models one connection holds. A {@code Request_VM}, or an {@code Update_VM} that
 * would recreate a view model the connection does not hold, is refused when the view models it
 * would create (the view model and any master it needs) do not fit: the client gets the dotNetify
 * error response for that id and the invocation's completion error, and the refusal is counted.
 * Checked before each call, so concurrent calls of one connection may pass the bound by a few.
 */
final class ViewModelLimit implements ViewModelHandler {

  static final String EXCEPTION_TYPE = "LimitExceededException";

  private final ViewModelHandler delegate;
  private final int maxPerConnection;
  private final VMResponder responder;
  private final HubMetrics metrics;

  ViewModelLimit(ViewModelHandler delegate, int maxPerConnection, VMResponder responder, HubMetrics metrics) {
    this.delegate = delegate;
    this.maxPerConnection = maxPerConnection;
    this.responder = responder;
    this.metrics = metrics;
  }

  @Override
  public void request(HubContext ctx) {
    check(ctx);
    delegate.request(ctx);
  }

  @Override
  public void update(HubContext ctx) {
    check(ctx);
    delegate.update(ctx);
  }

  @Override
  public CompletionStage<Void> requestAsync(HubContext ctx) {
    check(ctx);
    return delegate.requestAsync(ctx);
  }

  /** An update of a view model the connection holds creates nothing: only the others are checked. */
  @Override
  public CompletionStage<Void> updateAsync(HubContext ctx) {
    CompletionStage<Void> held = delegate.updateHeldAsync(ctx);
    if (held != NOT_HELD) return held;
    check(ctx);
    return delegate.updateAsync(ctx);
  }

  @Override
  public CompletionStage<Void> updateHeldAsync(HubContext ctx) {
    return delegate.updateHeldAsync(ctx);
  }

  @Override
  public void dispose(HubContext ctx) {
    delegate.dispose(ctx);
  }

  @Override
  public void disconnected(String connectionId) {
    delegate.disconnected(connectionId);
  }

  @Override
  public int viewModelCount(String connectionId) {
    return delegate.viewModelCount(connectionId);
  }

  @Override
  public boolean holds(String connectionId, String vmId) {
    return delegate.holds(connectionId, vmId);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private void check(HubContext ctx) {
    String connectionId = ctx.connectionId();
    String vmId = ctx.vmId();
    if (delegate.holds(connectionId, vmId)) return;
    int held = delegate.viewModelCount(connectionId);
    if (held + created(connectionId, vmId) <= maxPerConnection) return;
    metrics.refused(Limit.VIEW_MODELS_PER_CONNECTION);
    String message = "Connection already holds " + held + " view models (limit " + maxPerConnection
        + "); dispose some before requesting '" + vmId + "'";
    responder.respond(connectionId, vmId, new VMException(EXCEPTION_TYPE, message, null).toVmData());
    throw new LimitExceededException(Limit.VIEW_MODELS_PER_CONNECTION, message);
  }

  /** The view models a request for {@code vmId} creates: it and each master ({@code A.B} of {@code A.B.C}) not held. */
  private int created(String connectionId, String vmId) {
    int count = 1;
    for (int dot = vmId.indexOf('.'); dot > 0; dot = vmId.indexOf('.', dot + 1)) {
      if (!delegate.holds(connectionId, vmId.substring(0, dot))) count++;
    }
    return count;
  }
}
