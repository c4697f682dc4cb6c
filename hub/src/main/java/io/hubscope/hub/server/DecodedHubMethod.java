package io.hubscope.hub.server;

import reactor.core.publisher.Mono;

/**
 * A custom hub method whose arguments its {@link io.hubscope.hub.protocol.ArgumentDecoder} reads
 * straight from the message ({@link DecodedHubCall}) rather than trees, for arguments large enough
 * that building a tree of them costs more than the method's own work. Otherwise as
 * {@link HubMethod}: the result becomes the completion's result; it runs on an event loop, so never
 * block.
 */
@FunctionalInterface
public interface DecodedHubMethod<T> {
  Mono<?> invoke(DecodedHubCall<T> call);
}
