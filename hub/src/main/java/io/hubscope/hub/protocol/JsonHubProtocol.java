package io.hubscope.hub.protocol;

import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.ByteArrayBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SignalR JSON hub protocol ({@code json}): each message is a JSON object followed by the
 * record separator 0x1E; several may share a text frame and one may span frames. Messages are
 * written with Jackson's streaming generator (no intermediate tree) because every outgoing message
 * on every connection passes through here.
 */
public final class JsonHubProtocol implements HubProtocol {

  /** The protocol name used in the handshake. */
  public static final String NAME = "json";

  /**
   * One growable buffer per thread, reset after each message: encoding used to allocate a fresh
   * builder and grow it block by block for every message (the largest allocation site under the
   * echo load). A thread keeps at most {@link #MAX_KEPT} bytes, so memory stays bounded.
   */
  private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);
  private static final int MAX_KEPT = 16 * 1024;

  /** A thread's buffer; {@code inUse} guards against an encode nested in another on one thread. */
  private static final class Buffer {
    final ByteArrayBuilder bytes = new ByteArrayBuilder(512);
    boolean inUse;
  }

  private final JsonMapper mapper;
  private final JsonMessageParser parser;

  /** A protocol using a default {@link JsonMapper}. */
  public JsonHubProtocol() {
    this(JsonMappers.builder().build());
  }

  /** A protocol whose argument trees are read and written by {@code mapper}. */
  public JsonHubProtocol(JsonMapper mapper) {
    this.mapper = mapper;
    this.parser = new JsonMessageParser(mapper);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isBinary() {
    return false;
  }

  @Override
  public byte[] encode(HubMessage message) {
    Buffer buffer = BUFFERS.get();
    if (buffer.inUse) return encodeInto(new ByteArrayBuilder(128), message);
    buffer.inUse = true;
    try {
      return encodeInto(buffer.bytes, message);
    } finally {
      buffer.inUse = false;
      // A message that failed half-way leaves nothing behind; an outsized one does not stay pinned.
      if (buffer.bytes.resetAndGetFirstSegment().length > MAX_KEPT) BUFFERS.remove();
    }
  }

  private byte[] encodeInto(ByteArrayBuilder out, HubMessage message) {
    try (JsonGenerator gen = mapper.createGenerator(out)) {
      gen.writeStartObject();
      gen.writeNumberProperty("type", message.type());
      writeBody(gen, message);
      gen.writeEndObject();
    }
    out.write(RecordSeparatedReader.RECORD_SEPARATOR);
    return out.toByteArray();
  }

  @Override
  public Reader newReader(int maxMessageSize) {
    return new RecordSeparatedReader(parser, maxMessageSize);
  }

  /** Invocations of a target in {@code decoders} have their arguments decoded as they are read, without trees. */
  @Override
  public Reader newReader(int maxMessageSize, Map<String, ArgumentDecoder<?>> decoders) {
    return new RecordSeparatedReader(parser, maxMessageSize, decoders);
  }

  // Java 17: no pattern matching for switch yet, hence the instanceof chain.
  private static void writeBody(JsonGenerator gen, HubMessage message) {
    if (message instanceof InvocationMessage m) {
      writeId(gen, m.invocationId());
      gen.writeStringProperty("target", m.target());
      if (m.isDecoded()) {
        writeDecodedArguments(gen, m.decodedArguments());
      } else {
        writeArguments(gen, m.arguments());
      }
    } else if (message instanceof CompletionMessage m) {
      writeId(gen, m.invocationId());
      if (m.error() != null) {
        gen.writeStringProperty("error", m.error());
      } else if (m.hasResult()) {
        gen.writeName("result");
        writeValue(gen, m.result());
      }
    } else if (message instanceof StreamItemMessage m) {
      writeId(gen, m.invocationId());
      gen.writeName("item");
      writeValue(gen, m.item());
    } else if (message instanceof StreamInvocationMessage m) {
      writeId(gen, m.invocationId());
      gen.writeStringProperty("target", m.target());
      writeArguments(gen, m.arguments());
    } else if (message instanceof CancelInvocationMessage m) {
      writeId(gen, m.invocationId());
    } else if (message instanceof CloseMessage m) {
      if (m.error() != null) gen.writeStringProperty("error", m.error());
      // Omitted when false, as the reference server does: absent means "do not reconnect".
      if (m.allowReconnect()) gen.writeBooleanProperty("allowReconnect", true);
    } else if (message instanceof AckMessage m) {
      gen.writeNumberProperty("sequenceId", m.sequenceId());
    } else if (message instanceof SequenceMessage m) {
      gen.writeNumberProperty("sequenceId", m.sequenceId());
    }
    // PingMessage has no body.
  }

  private static void writeId(JsonGenerator gen, String invocationId) {
    if (invocationId != null) gen.writeStringProperty("invocationId", invocationId);
  }

  private static void writeArguments(JsonGenerator gen, List<JsonNode> arguments) {
    gen.writeName("arguments");
    gen.writeStartArray();
    if (arguments != null) {
      for (JsonNode argument : arguments) {
        writeValue(gen, argument);
      }
    }
    gen.writeEndArray();
  }

  /** Decoded arguments are read, not usually sent; written as Jackson writes the values. */
  private static void writeDecodedArguments(JsonGenerator gen, List<Object> arguments) {
    gen.writeName("arguments");
    gen.writeStartArray();
    for (Object argument : arguments) {
      gen.writePOJO(argument);
    }
    gen.writeEndArray();
  }

  private static void writeValue(JsonGenerator gen, JsonNode value) {
    if (value == null) {
      gen.writeNull();
    } else {
      gen.writeTree(value);
    }
  }
}
