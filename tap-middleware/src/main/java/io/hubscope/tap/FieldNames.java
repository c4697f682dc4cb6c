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
  private final boolean ascii;

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
    this.ascii = lowerCaseNames.stream().allMatch(n -> n.chars().allMatch(c -> c < 128));
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

  /** Whether every name is ASCII, which {@link #foundIn(byte[], int, int)} requires. */
  boolean ascii() {
    return ascii;
  }

  /**
   * {@link #foundIn(String)} for ASCII text given as bytes, with ASCII names only (see {@link #ascii()}):
   * case folding is then A-Z to a-z, on both sides.
   */
  boolean foundIn(byte[] text, int start, int end) {
    if (empty) return true;
    for (int i = start; i < end; i++) {
      int c = text[i];
      int lower = c >= 'A' && c <= 'Z' ? c + 32 : c;
      String[] candidates = lower >= 0 ? byFirst[lower] : null;
      if (candidates != null && matchesAt(text, i, end, candidates)) return true;
    }
    return false;
  }

  private static boolean matchesAt(byte[] text, int at, int end, String[] names) {
    for (String name : names) {
      int n = name.length();
      if (at + n > end) continue;
      int k = 0;
      while (k < n) {
        int c = text[at + k];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != name.charAt(k)) break;
        k++;
      }
      if (k == n) return true;
    }
    return false;
  }

  private static boolean matchesAt(String text, int at, String[] names) {
    if (names == null) return false;
    for (String name : names) {
      if (matchesAt(text, at, name)) return true;
    }
    return false;
  }

  /**
   * {@code text.regionMatches(true, at, name, 0, name.length())}, most candidates turned away at
   * their second character: ASCII pairs are compared folded to lower case (which is what
   * regionMatches does with them), and the first character outside ASCII hands over to it.
   */
  private static boolean matchesAt(String text, int at, String name) {
    int n = name.length();
    if (at + n > text.length()) return false;
    for (int k = 0; k < n; k++) {
      char c = text.charAt(at + k);
      char m = name.charAt(k);
      if (c >= 128 || m >= 128) return text.regionMatches(true, at + k, name, k, n - k);
      if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (m >= 'A' && m <= 'Z' ? m + 32 : m)) return false;
    }
    return true;
  }
}
