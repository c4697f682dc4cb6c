package io.hubscope.hub.protocol;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.buffer.MessageBuffer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.POJONode;

/** Writes one message body with Jackson trees as values, then frames it with its length prefix. */
final class MessagePackOutput {

  // Small chunks: most hub messages are a few hundred bytes, and the default 8 KiB per message
  // would dominate allocation on a busy hub.
  private static final MessagePack.PackerConfig CONFIG = new MessagePack.PackerConfig().withBufferSize(512);

  private final MessageBufferPacker packer = CONFIG.newBufferPacker();
  private final JsonMapper mapper;

  MessagePackOutput(JsonMapper mapper) {
    this.mapper = mapper;
  }

  MessagePackOutput array(int size) throws IOException {
    packer.packArrayHeader(size);
    return this;
  }

  MessagePackOutput integer(int value) throws IOException {
    packer.packInt(value);
    return this;
  }

  MessagePackOutput unsigned(long value) throws IOException {
    packer.packLong(value);
    return this;
  }

  MessagePackOutput emptyHeaders() throws IOException {
    packer.packMapHeader(0);
    return this;
  }

  MessagePackOutput string(String value) throws IOException {
    if (value == null) {
      packer.packNil();
    } else {
      packer.packString(value);
    }
    return this;
  }

  MessagePackOutput bool(boolean value) throws IOException {
    packer.packBoolean(value);
    return this;
  }

  MessagePackOutput values(List<JsonNode> values) throws IOException {
    packer.packArrayHeader(values == null ? 0 : values.size());
    if (values != null) {
      for (JsonNode value : values) value(value);
    }
    return this;
  }

  MessagePackOutput value(JsonNode node) throws IOException {
    if (node == null) {
      packer.packNil();
      return this;
    }
    switch (node.getNodeType()) {
      case NULL, MISSING -> packer.packNil();
      case BOOLEAN -> packer.packBoolean(node.booleanValue());
      case STRING -> packer.packString(node.stringValue());
      case BINARY -> {
        byte[] bytes = node.binaryValue();
        packer.packBinaryHeader(bytes.length).writePayload(bytes);
      }
      case NUMBER -> number(node);
      case ARRAY -> {
        packer.packArrayHeader(node.size());
        for (JsonNode item : node.values()) value(item);
      }
      case OBJECT -> {
        packer.packMapHeader(node.size());
        for (Map.Entry<String, JsonNode> property : node.properties()) {
          packer.packString(property.getKey());
          value(property.getValue());
        }
      }
      case POJO -> value(mapper.valueToTree(((POJONode) node).getPojo()));
      default -> throw new IllegalArgumentException("Cannot encode " + node.getNodeType());
    }
    return this;
  }

  private void number(JsonNode node) throws IOException {
    if (node.isIntegralNumber()) {
      if (node.canConvertToLong()) {
        packer.packLong(node.longValue());
      } else if (node.bigIntegerValue().bitLength() <= 64 && node.bigIntegerValue().signum() > 0) {
        packer.packBigInteger(node.bigIntegerValue()); // uint64
      } else {
        packer.packDouble(node.doubleValue()); // MessagePack has no wider integer
      }
    } else if (node.isFloat()) {
      packer.packFloat(node.floatValue());
    } else {
      packer.packDouble(node.doubleValue());
    }
  }

  /** The body, prefixed with its VarInt length, in one array. */
  byte[] toFramedBytes() throws IOException {
    packer.flush();
    int bodySize = Math.toIntExact(packer.getTotalWrittenBytes());
    byte[] framed = new byte[VarInt.size(bodySize) + bodySize];
    int pos = VarInt.write(bodySize, framed, 0);
    for (MessageBuffer chunk : packer.toBufferList()) {
      chunk.getBytes(0, framed, pos, chunk.size());
      pos += chunk.size();
    }
    return framed;
  }
}
