package io.hubscope.hub.server;

import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.protocol.JsonBytes;
import java.util.List;

/**
 * An invocation of a raw hub method (one added with {@link HubServerBuilder#rawMethod}): each
 * argument is the JSON text the client sent. Over the JSON protocol that is the client's own bytes;
 * an argument that arrived as a tree (MessagePack, or forwarded by a proxy) is written out as JSON
 * first, so the method has one form to read.
 */
public record RawHubCall(HubConnection connection, String target, List<JsonBytes> arguments) {}
