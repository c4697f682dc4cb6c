package io.hubscope.hub.protocol;

/**
 * Type 9 (stateful reconnect): the first message on a re-established connection; the next
 * trackable message the sender sends (a replayed one or a new one) carries {@code sequenceId}.
 */
public record SequenceMessage(long sequenceId) implements HubMessage {
  @Override
  public int type() {
    return 9;
  }
}
