package io.hubscope.hub.pipeline;

import reactor.core.publisher.Mono;

/**
 * Sees every Request_VM, Update_VM and Dispose_VM before the view models do. It continues with
 * {@code next.proceed(ctx)}, stops the call by completing without calling it, or fails the call
 * (the client's invocation then completes with the error). Runs on an event loop: never block.
 */
@FunctionalInterface
public interface Middleware {

  Mono<Void> invoke(HubContext ctx, Next next);

  /** The rest of the pipeline. */
  @FunctionalInterface
  interface Next {
    Mono<Void> proceed(HubContext ctx);
  }
}
