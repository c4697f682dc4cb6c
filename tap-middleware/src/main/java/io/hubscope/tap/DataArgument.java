package io.hubscope.tap;

/**
 * Finds the second argument of a JSON-encoded invocation (a client call's view-model data) by
 * scanning its bytes: no parser, no tokens, no copy. The frames come from the hub's own
 * encoder, so they are well-formed; whatever this scanner does not expect (an escaped property
 * name, a frame that ends early) is left to the caller's full parser as {@link #UNSURE}.
 */
final class DataArgument {

  /** The frame has no second argument, or it is null. */
  static final long NONE = -1;
  /** The scanner cannot tell: parse the frame properly. */
  static final long UNSURE = -2;

  private static final byte[] ARGUMENTS = {'a', 'r', 'g', 'u', 'm', 'e', 'n', 't', 's'};

  private final byte[] b;
  private final int end;
  private int i;

  private DataArgument(byte[] bytes, int end) {
    this.b = bytes;
    this.end = end;
  }

  /**
   * The second element of the top-level {@code arguments} array in {@code bytes[0, length)}: its
   * start in the high 32 bits and its end (exclusive) in the low ones; {@link #NONE} or
   * {@link #UNSURE}.
   */
  static long span(byte[] bytes, int length) {
    try {
      return new DataArgument(bytes, length).find();
    } catch (Unsure e) {
      return UNSURE;
    }
  }

  static int start(long span) {
    return (int) (span >>> 32);
  }

  static int end(long span) {
    return (int) span;
  }

  private long find() {
    skipSpace();
    if (next() != '{') return NONE;
    skipSpace();
    if (peek() == '}') return NONE;
    while (true) {
      boolean arguments = name();
      skipSpace();
      expect(':');
      skipSpace();
      if (arguments && peek() == '[') return secondElement();
      skipValue();
      skipSpace();
      byte c = next();
      if (c == '}') return NONE;
      if (c != ',') throw Unsure.INSTANCE;
      skipSpace();
    }
  }

  private long secondElement() {
    i++; // '['
    skipSpace();
    if (peek() == ']') return NONE;
    skipValue();
    skipSpace();
    if (next() != ',') return NONE;
    skipSpace();
    int start = i;
    skipValue();
    if (i - start == 4 && b[start] == 'n') return NONE; // null
    return ((long) start << 32) | i;
  }

  /** Reads a property name; true when it is {@code arguments}. An escaped name is beyond this scanner. */
  private boolean name() {
    expect('"');
    int from = i;
    while (true) {
      byte c = next();
      if (c == '"') break;
      if (c == '\\') throw Unsure.INSTANCE;
    }
    int length = i - 1 - from;
    if (length != ARGUMENTS.length) return false;
    for (int k = 0; k < length; k++) {
      if (b[from + k] != ARGUMENTS[k]) return false;
    }
    return true;
  }

  private void skipValue() {
    byte c = peek();
    if (c == '"') {
      i++;
      skipStringRest();
    } else if (c == '{' || c == '[') {
      skipNested();
    } else {
      // A number, true, false or null: runs to the next delimiter.
      int from = i;
      while (i < end && !isDelimiter(b[i])) i++;
      if (i == from) throw Unsure.INSTANCE;
    }
  }

  /** From an object's or array's opening bracket to past its closing one. */
  private void skipNested() {
    int depth = 0;
    do {
      byte c = next();
      if (c == '"') skipStringRest();
      else if (c == '{' || c == '[') depth++;
      else if (c == '}' || c == ']') depth--;
    } while (depth > 0);
  }

  /** Past a string's closing quote, from just after its opening one. */
  private void skipStringRest() {
    while (true) {
      byte c = next();
      if (c == '"') return;
      if (c == '\\') next();
    }
  }

  private void skipSpace() {
    while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
  }

  private static boolean isDelimiter(byte c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private void expect(char c) {
    if (next() != c) throw Unsure.INSTANCE;
  }

  private byte peek() {
    if (i >= end) throw Unsure.INSTANCE;
    return b[i];
  }

  private byte next() {
    if (i >= end) throw Unsure.INSTANCE;
    return b[i++];
  }

  /** Thrown to leave the scan; carries no stack. */
  private static final class Unsure extends RuntimeException {
    static final Unsure INSTANCE = new Unsure();

    private Unsure() {
      super(null, null, false, false);
    }
  }
}
