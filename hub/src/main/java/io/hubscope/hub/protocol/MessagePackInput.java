package io.hubscope.hub.protocol;

import static io.hubscope.hub.protocol.HubProtocolException.Kind.MALFORMED;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads MessagePack values of one message body into Jackson trees. Every length read from the input
 * is checked against the bytes left before anything is allocated, and nesting is bounded, so a
 * hostile header cannot make us allocate gigabytes or overflow the stack.
 */
final class MessagePackInput implements AutoCloseable {

  private static final int MAX_DEPTH = 500;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final MessageUnpacker unpacker;
  private final int length;

  MessagePackInput(byte[] bytes, int offset, int length) {
    this.unpacker = MessagePack.newDefaultUnpacker(bytes, offset, length);
    this.length = length;
  }

  ValueType nextType() throws IOException {
    if (!unpacker.hasNext()) throw malformed("message ends early");
    return unpacker.getNextFormat().getValueType();
  }

  int readArrayHeader(String what) throws IOException {
    expect(ValueType.ARRAY, what);
    return unpacker.unpackArrayHeader();
  }

  int readInt(String what) throws IOException {
    expect(ValueType.INTEGER, what);
    return unpacker.unpackInt();
  }

  /** A stateful reconnect sequence id: any unsigned integer size up to a long (the spec allows any). */
  long readSequenceId() throws IOException {
    expect(ValueType.INTEGER, "the sequence id");
    long id = unpacker.unpackLong();
    if (id < 0) throw malformed("negative sequence id " + id);
    return id;
  }

  boolean readBoolean(String what) throws IOException {
    expect(ValueType.BOOLEAN, what);
    return unpacker.unpackBoolean();
  }

  String readString(String what) throws IOException {
    expect(ValueType.STRING, what);
    return new String(readPayload(unpacker.unpackRawStringHeader()), StandardCharsets.UTF_8);
  }

  /** A string or nil (null). */
  String readNullableString(String what) throws IOException {
    return unpacker.tryUnpackNil() ? null : readString(what);
  }

  /** Checks that the next value is a map (headers), then skips it: headers carry nothing for us. */
  void skipMap(String what) throws IOException {
    expect(ValueType.MAP, what);
    unpacker.skipValue();
  }

  void skip(int values) throws IOException {
    unpacker.skipValue(values);
  }

  boolean hasMore() throws IOException {
    return unpacker.hasNext();
  }

  List<JsonNode> readValues(String what) throws IOException {
    int count = readArrayHeader(what);
    List<JsonNode> values = new ArrayList<>(Math.min(count, 16));
    for (int i = 0; i < count; i++) {
      values.add(readValue(0));
    }
    return values;
  }

  JsonNode readValue() throws IOException {
    return readValue(0);
  }

  private JsonNode readValue(int depth) throws IOException {
    if (depth > MAX_DEPTH) throw malformed("values nested deeper than " + MAX_DEPTH);
    MessageFormat format = unpacker.getNextFormat();
    switch (format.getValueType()) {
      case NIL:
        unpacker.unpackNil();
        return NODES.nullNode();
      case BOOLEAN:
        return NODES.booleanNode(unpacker.unpackBoolean());
      case INTEGER:
        if (format == MessageFormat.UINT64) {
          // Packers use uint64 for any positive long >= 2^32; only values past Long.MAX_VALUE
          // need a BigInteger.
          BigInteger big = unpacker.unpackBigInteger();
          if (big.bitLength() > 63) return NODES.numberNode(big);
          return NODES.numberNode(big.longValue());
        }
        long value = unpacker.unpackLong();
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
      case FLOAT:
        return format == MessageFormat.FLOAT32
            ? NODES.numberNode(unpacker.unpackFloat())
            : NODES.numberNode(unpacker.unpackDouble());
      case STRING:
        return NODES.stringNode(new String(readPayload(unpacker.unpackRawStringHeader()),
            StandardCharsets.UTF_8));
      case BINARY:
        return NODES.binaryNode(readPayload(unpacker.unpackBinaryHeader()));
      case ARRAY:
        return readArray(depth);
      case MAP:
        return readMap(depth);
      case EXTENSION:
        return readExtension();
      default:
        throw malformed("unsupported MessagePack format " + format);
    }
  }

  private ArrayNode readArray(int depth) throws IOException {
    int count = unpacker.unpackArrayHeader();
    ArrayNode array = NODES.arrayNode(Math.min(count, 16));
    for (int i = 0; i < count; i++) {
      array.add(readValue(depth + 1));
    }
    return array;
  }

  private ObjectNode readMap(int depth) throws IOException {
    int count = unpacker.unpackMapHeader();
    ObjectNode object = NODES.objectNode();
    for (int i = 0; i < count; i++) {
      object.set(readKey(), readValue(depth + 1));
    }
    return object;
  }

  /** String keys as they are; integer keys as their decimal text, as JavaScript clients see them. */
  private String readKey() throws IOException {
    ValueType type = nextType();
    if (type == ValueType.STRING) return readString("map key");
    if (type == ValueType.INTEGER) return unpacker.unpackBigInteger().toString();
    throw malformed("map keys must be strings or integers, got " + type);
  }

  private JsonNode readExtension() throws IOException {
    ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
    checkRemaining(header.getLength());
    if (header.isTimestampType()) {
      return NODES.stringNode(unpacker.unpackTimestamp(header).toString());
    }
    return NODES.binaryNode(unpacker.readPayload(header.getLength()));
  }

  private byte[] readPayload(int size) throws IOException {
    checkRemaining(size);
    return unpacker.readPayload(size);
  }

  private void checkRemaining(int size) {
    if (size < 0 || size > length - unpacker.getTotalReadBytes()) {
      throw malformed("a value claims " + Integer.toUnsignedString(size) + " bytes, more than the message holds");
    }
  }

  private void expect(ValueType expected, String what) throws IOException {
    ValueType actual = nextType();
    if (actual != expected) {
      throw malformed(what + " must be " + expected.name().toLowerCase() + ", got " + actual.name().toLowerCase());
    }
  }

  static HubProtocolException malformed(String why) {
    return new HubProtocolException(MALFORMED, "Malformed MessagePack hub message: " + why);
  }

  @Override
  public void close() throws IOException {
    unpacker.close();
  }
}
