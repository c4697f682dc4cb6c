package io.hubscope.loadtest.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A forward-only JSON reader over a byte slice that allocates nothing on its way: the load tester
 * reads the few properties it counts (a ping's sequence, a tick's time) straight from the bytes,
 * where a tree per message cost more CPU than the rest of the client together. It checks the
 * grammar as it goes and throws {@link MalformedJsonException} at the first byte that breaks it.
 *
 * <p>Inside an object, {@link #nextField()} stops on each member's value; the caller then reads
 * it ({@link #longValue()}, {@link #stringValue()}, ...) or {@link #skipValue() skips} it, and
 * must do one of the two before the next {@code nextField()}. Arrays work the same with
 * {@link #nextElement()}. Not thread-safe; one cursor is reused message after message.
 */
public final class JsonCursor {

  private static final int MAX_DEPTH = 500; // Jackson's default nesting limit
  private byte[] bytes = new byte[0];
  private int pos;
  private int end;
  private boolean first; // at the first member of the object or array entered last
  private int nameStart;
  private int nameEnd;
  private boolean nameEscaped;
  private char[] numberChars = new char[32];

  /** A property name as {@link #nameIs} and {@link #findField} take it. */
  public static byte[] name(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  /** Starts reading {@code bytes[from, to)}. */
  public JsonCursor reset(byte[] bytes, int from, int to) {
    this.bytes = bytes;
    this.pos = from;
    this.end = to;
    this.first = false;
    return this;
  }

  /** The offset of the next value (after whitespace): with {@link #position()} after it, its raw bytes. */
  public int mark() {
    skipWhitespace();
    return pos;
  }

  /** The array the cursor reads; {@link #mark()} and {@link #position()} are offsets into it. */
  public byte[] bytes() {
    return bytes;
  }

  /** The offset the cursor is at. */
  public int position() {
    return pos;
  }

  public boolean isObject() {
    return peek() == '{';
  }

  public boolean isString() {
    return peek() == '"';
  }

  public boolean isNumber() {
    byte b = peek();
    return b == '-' || (b >= '0' && b <= '9');
  }

  /** Consumes the '{' of the next value and returns true, or consumes nothing when it is not an object. */
  public boolean enterObject() {
    if (peek() != '{') return false;
    pos++;
    first = true;
    return true;
  }

  /** Consumes the '[' of the next value and returns true, or consumes nothing when it is not an array. */
  public boolean enterArray() {
    if (peek() != '[') return false;
    pos++;
    first = true;
    return true;
  }

  /**
   * Moves to the value of the next member of the object entered last and returns true, its name
   * readable with {@link #nameIs}; or consumes the closing '}' and returns false.
   */
  public boolean nextField() {
    if (!nextMember('}')) return false;
    if (pos >= end || bytes[pos] != '"') throw malformed("a property name");
    nameStart = pos + 1;
    nameEscaped = scanString();
    nameEnd = pos - 1;
    skipWhitespace();
    if (pos >= end || bytes[pos] != ':') throw malformed("':'");
    pos++;
    return true;
  }

  /** Moves to the next element of the array entered last and returns true, or consumes the closing ']' and returns false. */
  public boolean nextElement() {
    return nextMember(']');
  }

  /** Whether the member {@link #nextField()} stopped at is called {@code name} (ASCII). */
  public boolean nameIs(byte[] name) {
    if (nameEscaped) return decode(nameStart, nameEnd).equals(new String(name, StandardCharsets.US_ASCII));
    return regionEquals(nameStart, nameEnd, name);
  }

  /**
   * Enters the object at the cursor and stops at the value of its member {@code name}: true then;
   * false when the value is no object or has no such member (the object is consumed then).
   */
  public boolean findField(byte[] name) {
    if (!enterObject()) return false;
    while (nextField()) {
      if (nameIs(name)) return true;
      skipValue();
    }
    return false;
  }

  /** Skips the next value, whatever it is, checking its grammar. */
  public void skipValue() {
    skipValue(0);
  }

  /** Fails unless nothing but whitespace is left. */
  public void expectEnd() {
    skipWhitespace();
    if (pos != end) throw malformed("the end of the JSON text");
  }

  /** The next value, a number, as a long (a fraction is cut off, as Jackson's {@code asLong} does). */
  public long longValue() {
    return JsonNumbers.parseLong(this, bytes, mark(), end);
  }

  /** The next value, an integer without fraction or exponent (at most 18 digits). */
  public long integerValue() {
    int start = mark();
    long value = longValue();
    int digits = pos - start - (bytes[start] == '-' ? 1 : 0);
    for (int i = start; i < pos; i++) {
      if (bytes[i] == '.' || bytes[i] == 'e' || bytes[i] == 'E') throw malformed("an integer");
    }
    if (digits > 18) throw malformed("an integer of at most 18 digits");
    return value;
  }

  /** The next value, a number, as the double nearest to it (as {@link Double#parseDouble} gives). */
  public double doubleValue() {
    return JsonNumbers.parseDouble(this, bytes, mark(), end);
  }

  /** The next value, a string, decoded. */
  public String stringValue() {
    if (peek() != '"') throw malformed("a string");
    int start = pos + 1;
    boolean escaped = scanString();
    return escaped ? decode(start, pos - 1) : new String(bytes, start, pos - 1 - start, StandardCharsets.UTF_8);
  }

  /** Consumes the next value, a string, and says whether it decodes to {@code utf8}. */
  public boolean stringEquals(byte[] utf8) {
    if (peek() != '"') throw malformed("a string");
    int start = pos + 1;
    boolean escaped = scanString();
    if (escaped) return decode(start, pos - 1).equals(new String(utf8, StandardCharsets.UTF_8));
    return regionEquals(start, pos - 1, utf8);
  }

  /** Consumes the next value, a string, and appends its decoded UTF-8 bytes to {@code out}, in one pass. */
  public void decodeString(ByteBuilder out) {
    if (peek() != '"') throw malformed("a string");
    JsonStrings.decode(this, bytes, pos + 1, end, out);
  }

  // --- for JsonNumbers and JsonStrings ---

  void advanceTo(int position) {
    pos = position;
  }

  /** A scratch array for the digits of a number that takes the slow path. */
  char[] numberChars(int length) {
    if (numberChars.length < length) numberChars = new char[length];
    return numberChars;
  }

  MalformedJsonException malformed(String expected) {
    return new MalformedJsonException("Expected " + expected + " at offset " + pos
        + (pos < end ? " but found '" + (char) (bytes[pos] & 0xFF) + "'" : " but the text ended"));
  }

  // --- scanning ---

  private boolean nextMember(char close) {
    skipWhitespace();
    if (pos >= end) throw malformed("'" + close + "'");
    if (bytes[pos] == close) {
      pos++;
      first = false;
      return false;
    }
    if (!first) {
      if (bytes[pos] != ',') throw malformed("',' or '" + close + "'");
      pos++;
      skipWhitespace();
    }
    first = false;
    return true;
  }

  private void skipValue(int depth) {
    if (depth > MAX_DEPTH) throw new MalformedJsonException("Nested deeper than " + MAX_DEPTH + " levels");
    switch (peek()) {
      case '{' -> {
        enterObject();
        while (nextField()) skipValue(depth + 1);
      }
      case '[' -> {
        enterArray();
        while (nextElement()) skipValue(depth + 1);
      }
      case '"' -> scanString();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (!isNumber()) throw malformed("a value");
        JsonNumbers.skip(this, bytes, pos, end);
      }
    }
  }

  private void literal(String word) {
    if (end - pos < word.length()) throw malformed(word);
    for (int i = 0; i < word.length(); i++) {
      if (bytes[pos + i] != word.charAt(i)) throw malformed(word);
    }
    pos += word.length();
  }

  /** From the opening quote to past the closing one; true when the string holds escapes. */
  private boolean scanString() {
    return JsonStrings.scan(this, bytes, pos + 1, end);
  }

  private byte peek() {
    skipWhitespace();
    return pos < end ? bytes[pos] : 0;
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte b = bytes[pos];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return;
      pos++;
    }
  }

  private boolean regionEquals(int from, int to, byte[] expected) {
    if (to - from != expected.length) return false;
    for (int i = 0; i < expected.length; i++) {
      if (bytes[from + i] != expected[i]) return false;
    }
    return true;
  }

  private String decode(int from, int to) {
    ByteBuilder out = new ByteBuilder(to - from);
    JsonStrings.unescape(bytes, from, to, out);
    return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
  }
}
