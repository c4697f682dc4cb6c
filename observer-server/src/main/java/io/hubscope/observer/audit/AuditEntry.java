package io.hubscope.observer.audit;

/**
 * One attempted operator action, whatever became of it. Every text is what a user or a node sent
 * (a reason, a payload summary, a node's answer): the dashboard shows it as text, never as HTML.
 *
 * @param id the database's sequence number (0 before it is stored)
 * @param at when the attempt ended, epoch milliseconds
 * @param user the login that attempted it
 * @param role its role then ({@code viewer} or {@code admin})
 * @param ip the client IP the request came from
 * @param action what was attempted, e.g. {@code connection.disconnect}, {@code node.drain}
 * @param target what it was aimed at (a connection on its node, a group, a view model, a node)
 * @param detail a bounded summary of what was asked (the reason, the view model and properties)
 * @param status the outcome: {@code ok}, {@code rejected}, {@code unreachable}, {@code timeout},
 *     {@code invalid}, {@code not_found}, {@code forbidden}, {@code throttled}, {@code error}
 * @param result the nodes' or the observer's sentence about the outcome
 * @param affected client connections the action reached
 */
public record AuditEntry(long id, long at, String user, String role, String ip, String action,
    String target, String detail, String status, String result, long affected) {

  static final int MAX_SHORT = 128;
  static final int MAX_TARGET = 512;
  static final int MAX_TEXT = 1000;

  /** Every field cut to its column's size, so an attempt with an oversized text is still recorded. */
  AuditEntry bounded() {
    return new AuditEntry(id, at, cut(user, MAX_SHORT), cut(role, 16), cut(ip, 64), cut(action, 64),
        cut(target, MAX_TARGET), cut(detail, MAX_TEXT), cut(status, 32), cut(result, MAX_TEXT), affected);
  }

  static String cut(String s, int max) {
    if (s == null || s.length() <= max) return s;
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) end--; // never half a character
    return s.substring(0, end) + "…";
  }
}
