package io.hubscope.tap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * A JSON value already encoded as UTF-8, written as it is: wrapped in a {@code RawValue}, a byte
 * generator copies the bytes in without decoding them to characters and encoding them back. The
 * quoted forms (this text as a JSON string) and the character forms decode the bytes; nothing on
 * the tap's path asks for them.
 */
final class RawJsonBytes implements SerializableString {

  private final byte[] utf8;
  private final int length;
  private String text;

  RawJsonBytes(byte[] utf8) {
    this(utf8, utf8.length);
  }

  /** The first {@code length} bytes of {@code utf8}. */
  RawJsonBytes(byte[] utf8, int length) {
    this.utf8 = utf8;
    this.length = length;
  }

  @Override
  public String getValue() {
    if (text == null) text = new String(utf8, 0, length, StandardCharsets.UTF_8);
    return text;
  }

  private SerializableString quoted() {
    return new SerializedString(getValue());
  }

  @Override
  public int charLength() {
    return getValue().length();
  }

  @Override
  public byte[] asUnquotedUTF8() {
    return length == utf8.length ? utf8 : Arrays.copyOf(utf8, length);
  }

  @Override
  public int appendUnquotedUTF8(byte[] buffer, int offset) {
    if (offset + length > buffer.length) return -1;
    System.arraycopy(utf8, 0, buffer, offset, length);
    return length;
  }

  @Override
  public int writeUnquotedUTF8(OutputStream out) throws IOException {
    out.write(utf8, 0, length);
    return length;
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer buffer) {
    if (buffer.remaining() < length) return -1;
    buffer.put(utf8, 0, length);
    return length;
  }

  @Override
  public int appendUnquoted(char[] buffer, int offset) {
    String value = getValue();
    if (offset + value.length() > buffer.length) return -1;
    value.getChars(0, value.length(), buffer, offset);
    return value.length();
  }

  @Override
  public char[] asQuotedChars() {
    return quoted().asQuotedChars();
  }

  @Override
  public byte[] asQuotedUTF8() {
    return quoted().asQuotedUTF8();
  }

  @Override
  public int appendQuotedUTF8(byte[] buffer, int offset) {
    return quoted().appendQuotedUTF8(buffer, offset);
  }

  @Override
  public int appendQuoted(char[] buffer, int offset) {
    return quoted().appendQuoted(buffer, offset);
  }

  @Override
  public int writeQuotedUTF8(OutputStream out) throws IOException {
    return quoted().writeQuotedUTF8(out);
  }

  @Override
  public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
    return quoted().putQuotedUTF8(buffer);
  }

  @Override
  public String toString() {
    return getValue();
  }
}
