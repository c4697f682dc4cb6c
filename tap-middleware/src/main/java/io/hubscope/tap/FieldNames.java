package io.hubscope.tap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Finds any of a set of lower-case names in a text, in any case, in one pass: every payload the tap
 * sends passes here, so it is read once rather than once per name. At each character whose lower
 * case starts a name (an ASCII letter, or a character such as the Kelvin sign that lower-cases to
 * one), only the names starting with it are compared; names that start outside ASCII (rare) are
 * compared at every character.
 */
final class FieldNames {

  private final String[][] byFirst = new String[128][];
  private final String[] others;
  private final boolean empty;

  FieldNames(Collection<String> lowerCaseNames) {
    List<List<String>> lists = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    boolean anyEmpty = false;
    for (int i = 0; i < 128; i++) lists.add(new ArrayList<>());
    for (String name : lowerCaseNames) {
      if (name.isEmpty()) anyEmpty = true;
      else if (name.charAt(0) < 128) lists.get(name.charAt(0)).add(name);
      else rest.add(name);
    }
    this.others = rest.toArray(String[]::new);
    this.empty = anyEmpty;
    for (int i = 0; i < 128; i++) {
      if (!lists.get(i).isEmpty()) byFirst[i] = lists.get(i).toArray(String[]::new);
    }
  }

  /** Whether {@code text} contains one of the names, compared case-insensitively. */
  boolean foundIn(String text) {
    if (empty) return true;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      char lower = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
      if (lower < 128 && matchesAt(text, i, byFirst[lower])) return true;
      if (others.length > 0 && matchesAt(text, i, others)) return true;
    }
    return false;
  }

  private static boolean matchesAt(String text, int at, String[] names) {
    if (names == null) return false;
    for (String name : names) {
      if (text.regionMatches(true, at, name, 0, name.length())) return true;
    }
    return false;
  }
}
