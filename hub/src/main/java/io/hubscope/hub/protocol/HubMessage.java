package io.hubscope.hub.protocol;

/**
 * A SignalR hub protocol message. Arguments and results are Jackson trees whatever the wire format,
 * so the rest of the hub works on one model; MessagePack maps and arrays are read into the same trees.
 */
public sealed interface HubMessage
    permits InvocationMessage, StreamItemMessage, CompletionMessage, StreamInvocationMessage,
    CancelInvocationMessage, PingMessage, CloseMessage {

  /** The message type number of the spec (1 invocation ... 7 close). */
  int type();
}
