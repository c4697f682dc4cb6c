package io.hubscope.tap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Finds any of a set of lower-case names in a text, in any case, in one pass: every payload the tap
 * sends passes here, so it is read once rather than once per name. With ASCII names the pass skips
 * (Horspool's rule for a set of names): it looks at the last character of a window as long as the
 * shortest name, and a character that no name has there moves the window on by as much as no name
 * can start in between, the whole window for one that is in no name (digits, quotes, braces); only
 * the names with that character there are compared. A character outside ASCII at a window's end
 * (one such as the Kelvin sign may fold to a name's letter) hands the rest of the text to the plain
 * pass: at each character whose lower case starts a name, only the names starting with it are
 * compared; names that start outside ASCII (rare) are compared at every character.
 */
final class FieldNames {

  private final String[][] byFirst = new String[128][];
  private final String[] others;
  private final boolean empty;
  private final boolean ascii;
  /** The shortest name's length, the window of the skipping pass; 0 when it cannot be used. */
  private final int window;
  /** For each ASCII character, lower-cased, at a window's end: how far the window moves (0: compare first). */
  private final int[] skip = new int[128];
  /** How far it moves after the names ending the window with this character were compared. */
  private final int[] skipAfterCompare = new int[128];
  /** The names whose character at the window's end is this one. */
  private final String[][] endingWith = new String[128][];

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
    this.window = ascii && !anyEmpty ? lowerCaseNames.stream().mapToInt(String::length).min().orElse(0) : 0;
    if (window > 0) skipTables(lowerCaseNames);
  }

  private void skipTables(Collection<String> names) {
    java.util.Arrays.fill(skipAfterCompare, window);
    List<List<String>> ending = new ArrayList<>();
    for (int i = 0; i < 128; i++) ending.add(new ArrayList<>());
    for (String name : names) {
      for (int j = 0; j < window - 1; j++) {
        int c = lower(name.charAt(j));
        skipAfterCompare[c] = Math.min(skipAfterCompare[c], window - 1 - j);
      }
      ending.get(lower(name.charAt(window - 1))).add(name);
    }
    for (int c = 0; c < 128; c++) {
      if (!ending.get(c).isEmpty()) endingWith[c] = ending.get(c).toArray(String[]::new);
      skip[c] = endingWith[c] != null ? 0 : skipAfterCompare[c];
    }
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  /** Whether {@code text} contains one of the names, compared case-insensitively. */
  boolean foundIn(String text) {
    if (empty) return true;
    if (window == 0) return foundFrom(text, 0);
    for (int i = 0, last = text.length() - window; i <= last; ) {
      char c = text.charAt(i + window - 1);
      if (c >= 128) return foundFrom(text, i); // no name starts before i
      int lower = lower(c);
      int s = skip[lower];
      if (s == 0) {
        if (matchesAt(text, i, endingWith[lower])) return true;
        s = skipAfterCompare[lower];
      }
      i += s;
    }
    return false;
  }

  /** The plain pass over {@code text} from {@code start}. */
  private boolean foundFrom(String text, int start) {
    for (int i = start, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      char lower = c < 128 ? (char) lower(c) : Character.toLowerCase(c);
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
    if (window == 0) return false; // no names (the bytes path is not for names outside ASCII)
    for (int i = start, last = end - window; i <= last; ) {
      int lower = lower(text[i + window - 1]);
      if (lower < 0) { // outside ASCII: in no name
        i += window;
        continue;
      }
      int s = skip[lower];
      if (s == 0) {
        if (matchesAt(text, i, end, endingWith[lower])) return true;
        s = skipAfterCompare[lower];
      }
      i += s;
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
        if (lower(c) != name.charAt(k)) break;
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
      if (lower(c) != lower(m)) return false;
    }
    return true;
  }
}
