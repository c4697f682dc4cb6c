package io.hubscope.hub.protocol;

/**
 * Type 8 (stateful reconnect): the sender has processed every trackable message up to and including
 * {@code sequenceId}, so the peer may drop them from its replay buffer.
 */
public record AckMessage(long sequenceId) implements HubMessage {
  @Override
  public int type() {
    return 8;
  }
}
