package io.hubscope.tap;

/**
 * What a node did with an operator's command, as it answers the observer.
 *
 * @param ok whether it was carried out
 * @param detail a sentence for the operator
 * @param affected client connections reached (closed, sent to, asked to move)
 */
public record CommandOutcome(boolean ok, String detail, long affected) {

  public static CommandOutcome ok(String detail, long affected) {
    return new CommandOutcome(true, detail, affected);
  }

  public static CommandOutcome rejected(String detail) {
    return new CommandOutcome(false, detail, 0);
  }
}
