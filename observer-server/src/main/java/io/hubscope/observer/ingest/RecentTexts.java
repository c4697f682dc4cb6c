package io.hubscope.observer.ingest;

/**
 * One String per recently seen short text (a view model's name): every event names one of a few
 * view models, and giving each event the same instance spares a String per event and lets a
 * connection see at once, by identity, that the name is the one it holds (comparing it with an
 * older copy touched memory long out of the cache: a tenth of ingest's samples). A fixed table,
 * a slot per hash: a text that is not there, or lost its slot to another, is made anew. Shared by
 * the ingest threads without a lock: a slot holds a reference to an immutable String, and a race
 * only costs a new one.
 */
final class RecentTexts {

  private static final int SLOTS = 256;
  static final int MAX_LENGTH = 128;

  private final String[] slots = new String[SLOTS];

  /** {@code chars[offset, offset + length)} as a String, the one handed out before when it is still in its slot. */
  String of(char[] chars, int offset, int length) {
    if (length > MAX_LENGTH) return new String(chars, offset, length);
    int hash = 0;
    for (int i = 0; i < length; i++) hash = 31 * hash + chars[offset + i];
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    String held = slots[slot];
    if (held != null && TapFields.sameChars(held, chars, offset, length)) return held;
    String text = new String(chars, offset, length);
    slots[slot] = text;
    return text;
  }
}
