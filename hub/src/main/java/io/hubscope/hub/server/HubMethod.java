package io.hubscope.hub.server;

import reactor.core.publisher.Mono;

/**
 * A custom hub method. The result (any value Jackson can write) becomes the completion's result;
 * an empty Mono completes the invocation without one. Runs on an event loop: never block.
 */
@FunctionalInterface
public interface HubMethod {
  Mono<?> invoke(HubCall call);
}
