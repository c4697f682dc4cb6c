package io.hubscope.loadtest.protocol;

/**
 * JSON strings on UTF-8 bytes: scanning and decoding them for the {@link JsonCursor} (which then
 * stands after the closing quote), and escaping the few strings of an outgoing message.
 */
final class JsonStrings {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** The escapes Jackson writes for control characters, so our bytes are its bytes: 0 for {@code \\u00XX}. */
  private static final byte[] SHORT_ESCAPES = new byte[0x20];

  static {
    SHORT_ESCAPES['\b'] = 'b';
    SHORT_ESCAPES['\t'] = 't';
    SHORT_ESCAPES['\n'] = 'n';
    SHORT_ESCAPES['\f'] = 'f';
    SHORT_ESCAPES['\r'] = 'r';
  }

  /** Per byte inside a string: 0 for plain content, else one of the three below. */
  private static final byte[] STRING_BYTES = new byte[256];
  private static final byte QUOTE = 1;
  private static final byte BACKSLASH = 2;
  private static final byte CONTROL = 3;

  static {
    for (int b = 0; b < 0x20; b++) STRING_BYTES[b] = CONTROL;
    STRING_BYTES['"'] = QUOTE;
    STRING_BYTES['\\'] = BACKSLASH;
  }

  private JsonStrings() {}

  /**
   * Checks the string whose content starts at {@code b[pos]} and moves the cursor past its closing
   * quote; true when it holds escapes.
   */
  static boolean scan(JsonCursor cursor, byte[] b, int pos, int end) {
    boolean escaped = false;
    while (true) {
      while (pos < end && STRING_BYTES[b[pos] & 0xFF] == 0) pos++;
      if (pos >= end) throw malformedAt(cursor, pos, "the end of the string");
      switch (STRING_BYTES[b[pos] & 0xFF]) {
        case QUOTE -> {
          cursor.advanceTo(pos + 1);
          return escaped;
        }
        case BACKSLASH -> {
          escaped = true;
          pos = skipEscape(b, pos, end);
        }
        default -> throw malformedAt(cursor, pos, "no control character in a string");
      }
    }
  }

  /**
   * Appends the decoded UTF-8 bytes of the string whose content starts at {@code b[pos]} to
   * {@code out}, checking it in the same pass, and moves the cursor past its closing quote.
   */
  static void decode(JsonCursor cursor, byte[] b, int pos, int end, ByteBuilder out) {
    int run = pos;
    while (true) {
      while (pos < end && STRING_BYTES[b[pos] & 0xFF] == 0) pos++;
      if (pos >= end) throw malformedAt(cursor, pos, "the end of the string");
      byte kind = STRING_BYTES[b[pos] & 0xFF];
      if (kind == CONTROL) throw malformedAt(cursor, pos, "no control character in a string");
      out.append(b, run, pos - run);
      if (kind == QUOTE) {
        cursor.advanceTo(pos + 1);
        return;
      }
      byte escaped = pos + 1 < end ? b[pos + 1] : 0;
      if (escaped == '"' || escaped == '\\') { // nearly every escape in a state: the quotes of its JSON
        out.append(escaped);
        pos += 2;
        run = pos;
        continue;
      }
      int escapes = pos; // a run of escapes at once: a surrogate pair is two \\u escapes
      do {
        pos = skipEscape(b, pos, end);
      } while (pos < end && b[pos] == '\\');
      unescape(b, escapes, pos, out);
      run = pos;
    }
  }

  private static MalformedJsonException malformedAt(JsonCursor cursor, int position, String expected) {
    cursor.advanceTo(position);
    return cursor.malformed(expected);
  }

  /** Checks the escape at {@code b[pos]} (a backslash) and returns the offset after it. */
  static int skipEscape(byte[] b, int pos, int end) {
    if (pos + 1 >= end) throw new MalformedJsonException("Unterminated escape at offset " + pos);
    switch (b[pos + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
        return pos + 2;
      case 'u':
        if (pos + 6 > end) throw new MalformedJsonException("Unterminated \\u escape at offset " + pos);
        for (int i = pos + 2; i < pos + 6; i++) {
          if (hexValue(b[i]) < 0) throw new MalformedJsonException("Bad \\u escape at offset " + pos);
        }
        return pos + 6;
      default:
        throw new MalformedJsonException("Bad escape '\\" + (char) (b[pos + 1] & 0xFF) + "' at offset " + pos);
    }
  }

  /** Appends the decoded UTF-8 bytes of string content {@code b[from, to)} (already checked by the cursor). */
  static void unescape(byte[] b, int from, int to, ByteBuilder out) {
    int run = from;
    int i = from;
    while (i < to) {
      if (b[i] != '\\') {
        i++;
        continue;
      }
      out.append(b, run, i - run);
      byte kind = b[i + 1];
      if (kind == 'u') {
        int unit = hex4(b, i + 2);
        i += 6;
        if (Character.isHighSurrogate((char) unit) && i + 6 <= to && b[i] == '\\' && b[i + 1] == 'u'
            && Character.isLowSurrogate((char) hex4(b, i + 2))) {
          appendUtf8(Character.toCodePoint((char) unit, (char) hex4(b, i + 2)), out);
          i += 6;
        } else {
          appendUtf8(Character.isSurrogate((char) unit) ? '?' : unit, out); // a lone surrogate, as String.getBytes does
        }
      } else {
        out.append(switch (kind) {
          case 'b' -> (byte) '\b';
          case 'f' -> (byte) '\f';
          case 'n' -> (byte) '\n';
          case 'r' -> (byte) '\r';
          case 't' -> (byte) '\t';
          default -> kind; // '"', '\\', '/'
        });
        i += 2;
      }
      run = i;
    }
    out.append(b, run, to - run);
  }

  /** Bytes {@link #write} takes for {@code s} with its quotes. */
  static int quotedLength(String s) {
    int length = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        length += 2;
      } else if (c < 0x20) {
        length += SHORT_ESCAPES[c] != 0 ? 2 : 6;
      } else if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        length += Character.isSurrogate(c) ? 6 : 3; // a lone surrogate as Jackson writes it: escaped
      }
    }
    return length;
  }

  /** Writes {@code s} quoted and escaped at {@code out[pos]}; returns the offset after it. */
  static int write(String s, byte[] out, int pos) {
    out[pos++] = '"';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out[pos++] = '\\';
        out[pos++] = (byte) c;
      } else if (c < 0x20 && SHORT_ESCAPES[c] != 0) {
        out[pos++] = '\\';
        out[pos++] = SHORT_ESCAPES[c];
      } else if (c < 0x20 || (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))))) {
        out[pos++] = '\\';
        out[pos++] = 'u';
        out[pos++] = HEX[c >> 12];
        out[pos++] = HEX[(c >> 8) & 0xF];
        out[pos++] = HEX[(c >> 4) & 0xF];
        out[pos++] = HEX[c & 0xF];
      } else if (c < 0x80) {
        out[pos++] = (byte) c;
      } else if (Character.isHighSurrogate(c)) {
        pos = utf8(Character.toCodePoint(c, s.charAt(++i)), out, pos);
      } else {
        pos = utf8(c, out, pos);
      }
    }
    out[pos++] = '"';
    return pos;
  }

  private static void appendUtf8(int cp, ByteBuilder out) {
    if (cp < 0x80) {
      out.append((byte) cp);
    } else if (cp < 0x800) {
      out.append((byte) (0xC0 | (cp >> 6)));
      out.append((byte) (0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.append((byte) (0xE0 | (cp >> 12)));
      out.append((byte) (0x80 | ((cp >> 6) & 0x3F)));
      out.append((byte) (0x80 | (cp & 0x3F)));
    } else {
      out.append((byte) (0xF0 | (cp >> 18)));
      out.append((byte) (0x80 | ((cp >> 12) & 0x3F)));
      out.append((byte) (0x80 | ((cp >> 6) & 0x3F)));
      out.append((byte) (0x80 | (cp & 0x3F)));
    }
  }

  private static int utf8(int cp, byte[] out, int pos) {
    if (cp < 0x80) {
      out[pos++] = (byte) cp;
    } else if (cp < 0x800) {
      out[pos++] = (byte) (0xC0 | (cp >> 6));
      out[pos++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out[pos++] = (byte) (0xE0 | (cp >> 12));
      out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      out[pos++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      out[pos++] = (byte) (0xF0 | (cp >> 18));
      out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      out[pos++] = (byte) (0x80 | (cp & 0x3F));
    }
    return pos;
  }

  private static int hex4(byte[] b, int at) {
    return hexValue(b[at]) << 12 | hexValue(b[at + 1]) << 8 | hexValue(b[at + 2]) << 4 | hexValue(b[at + 3]);
  }

  private static int hexValue(byte b) {
    if (b >= '0' && b <= '9') return b - '0';
    if (b >= 'a' && b <= 'f') return b - 'a' + 10;
    if (b >= 'A' && b <= 'F') return b - 'A' + 10;
    return -1;
  }
}
