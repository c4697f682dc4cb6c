package io.hubscope.loadtest.protocol;

import tools.jackson.core.io.NumberInput;

/**
 * JSON numbers read straight from bytes. Most numbers in the demo payloads have at most 15
 * significant digits and a small exponent; those are exact in one multiplication or division of
 * two exact doubles (Clinger's fast path). The rest (17-digit times, say) go to Jackson's parser,
 * which reads a char slice without allocating.
 */
final class JsonNumbers {

  private static final long MAX_EXACT_MANTISSA = 1L << 53;
  private static final double[] POWERS_OF_TEN = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
      1e19, 1e20, 1e21, 1e22};

  private JsonNumbers() {}

  /** Checks the number that starts at {@code start} and moves the cursor past it. */
  static void skip(JsonCursor cursor, byte[] b, int start, int end) {
    int i = start;
    if (i < end && b[i] == '-') i++;
    i = integerPart(cursor, b, i, end);
    if (i < end && b[i] == '.') i = digits(cursor, b, i + 1, end);
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) i++;
      i = digits(cursor, b, i, end);
    }
    cursor.advanceTo(i);
  }

  static long parseLong(JsonCursor cursor, byte[] b, int start, int end) {
    int i = start;
    boolean negative = i < end && b[i] == '-';
    if (negative) i++;
    int digitsStart = i;
    long value = 0;
    if (i < end && b[i] == '0') {
      i++;
    } else {
      if (i >= end || !isDigit(b[i])) throw malformedAt(cursor, i, "a digit");
      while (i < end && isDigit(b[i])) value = value * 10 + (b[i++] - '0');
    }
    boolean integer = i >= end || (b[i] != '.' && b[i] != 'e' && b[i] != 'E');
    if (!integer || i - digitsStart > 18) return (long) parseDouble(cursor, b, start, end);
    cursor.advanceTo(i);
    return negative ? -value : value;
  }

  static double parseDouble(JsonCursor cursor, byte[] b, int start, int end) {
    int i = start;
    boolean negative = i < end && b[i] == '-';
    if (negative) i++;
    long mantissa = 0;
    int significant = 0;
    int scale = 0;
    boolean exact = true;
    if (i < end && b[i] == '0') {
      i++;
    } else {
      if (i >= end || !isDigit(b[i])) throw malformedAt(cursor, i, "a digit");
      for (; i < end && isDigit(b[i]); i++) {
        if (significant < 18) {
          mantissa = mantissa * 10 + (b[i] - '0');
          significant++;
        } else {
          exact = false;
        }
      }
    }
    if (i < end && b[i] == '.') {
      i++;
      if (i >= end || !isDigit(b[i])) throw malformedAt(cursor, i, "a digit");
      for (; i < end && isDigit(b[i]); i++) {
        if (significant < 18) {
          mantissa = mantissa * 10 + (b[i] - '0');
          if (mantissa != 0) significant++;
          scale--;
        } else {
          exact = false;
        }
      }
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean negativeExponent = i < end && b[i] == '-';
      if (i < end && (b[i] == '+' || b[i] == '-')) i++;
      if (i >= end || !isDigit(b[i])) throw malformedAt(cursor, i, "a digit");
      int exponent = 0;
      for (; i < end && isDigit(b[i]); i++) {
        if (exponent < 100_000) exponent = exponent * 10 + (b[i] - '0');
      }
      scale += negativeExponent ? -exponent : exponent;
    }
    cursor.advanceTo(i);
    if (exact && mantissa < MAX_EXACT_MANTISSA && scale >= -22 && scale <= 22) {
      double value = scale >= 0 ? mantissa * POWERS_OF_TEN[scale] : mantissa / POWERS_OF_TEN[-scale];
      return negative ? -value : value;
    }
    char[] chars = cursor.numberChars(i - start);
    for (int k = start; k < i; k++) chars[k - start] = (char) b[k];
    return NumberInput.parseDouble(chars, 0, i - start, true);
  }

  private static int integerPart(JsonCursor cursor, byte[] b, int i, int end) {
    if (i < end && b[i] == '0') return i + 1;
    return digits(cursor, b, i, end);
  }

  private static int digits(JsonCursor cursor, byte[] b, int i, int end) {
    if (i >= end || !isDigit(b[i])) throw malformedAt(cursor, i, "a digit");
    while (i < end && isDigit(b[i])) i++;
    return i;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static MalformedJsonException malformedAt(JsonCursor cursor, int position, String expected) {
    cursor.advanceTo(position);
    return cursor.malformed(expected);
  }
}
