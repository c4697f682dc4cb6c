package io.hubscope.hub.pipeline;

import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.connection.PreparedMessage;

/**
 * One view-model push on its way out: to a single connection ({@link #connection()} set), or a
 * fan-out to a group or a list of connections ({@link #recipients()} counts them).
 *
 * @param vmId the view model
 * @param vmData the JSON object string sent as the second element of the Response_VM argument
 * @param connection the recipient of a single push, null for a fan-out
 * @param group the group of a group push, or null
 * @param recipients how many connections receive it
 * @param message the encoded message (its size is what crosses the wire per recipient)
 */
public record ResponseContext(
    String vmId, String vmData, HubConnection connection, String group, int recipients, PreparedMessage message) {}
