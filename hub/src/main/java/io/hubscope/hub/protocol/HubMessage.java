package io.hubscope.hub.protocol;

/**
 * A SignalR hub protocol message. Arguments and results are Jackson trees whatever the wire format,
 * so the rest of the hub works on one model; MessagePack maps and arrays are read into the same trees.
 */
public sealed interface HubMessage
    permits InvocationMessage, StreamItemMessage, CompletionMessage, StreamInvocationMessage,
    CancelInvocationMessage, PingMessage, CloseMessage, AckMessage, SequenceMessage {

  /** The message type number of the spec (1 invocation ... 7 close, 8 ack, 9 sequence). */
  int type();

  /**
   * Whether stateful reconnect numbers, buffers and replays this message: invocations, stream
   * items, completions, stream invocations and cancels; never pings, closes, acks or sequences.
   */
  default boolean isTrackable() {
    return type() <= 5;
  }
}
