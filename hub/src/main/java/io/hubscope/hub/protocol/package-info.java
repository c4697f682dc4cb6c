/**
 * The SignalR hub protocols: the message model ({@link io.hubscope.hub.protocol.HubMessage}), the
 * JSON and MessagePack codecs ({@link io.hubscope.hub.protocol.HubProtocols}) with per-connection
 * readers that reassemble messages split across frames and refuse oversized ones, and the JSON
 * handshake ({@link io.hubscope.hub.protocol.Handshake}). Shared by the server transport and the
 * hub client; no I/O here.
 */
package io.hubscope.hub.protocol;
