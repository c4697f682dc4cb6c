package io.hubscope.observer.control;

/**
 * What the nodes did with a command.
 *
 * @param status the outcome
 * @param detail a human-readable sentence for the operator (and the audit log)
 * @param affected how many client connections the command reached (closed, sent to or drained)
 */
public record CommandResult(Status status, String detail, long affected) {

  public enum Status {
    /** Every addressed node carried the command out. */
    OK,
    /** A node refused it (unknown connection, invalid payload, too large, not a proxy ...). */
    REJECTED,
    /** No addressed node has a live tap link. */
    UNREACHABLE,
    /** A node did not answer within the command timeout. */
    TIMEOUT
  }

  public boolean ok() {
    return status == Status.OK;
  }
}
