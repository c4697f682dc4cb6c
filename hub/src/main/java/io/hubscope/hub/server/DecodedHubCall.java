package io.hubscope.hub.server;

import io.hubscope.hub.connection.HubConnection;
import java.util.List;

/**
 * An invocation of a decoded hub method (one added with {@link HubServerBuilder#decodedMethod}): each
 * argument as the method's decoder read it, from the JSON message itself or, for arguments that
 * arrived as trees (MessagePack, a proxy's forwarded call), from a parser over the tree.
 */
public record DecodedHubCall<T>(HubConnection connection, String target, List<T> arguments) {}
