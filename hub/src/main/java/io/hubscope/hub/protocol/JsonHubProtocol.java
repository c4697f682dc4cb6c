package io.hubscope.hub.protocol;

import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.ByteArrayBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
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

  /** A thread keeps at most this much of an encoder's buffer, so memory stays bounded. */
  private static final int MAX_KEPT = 16 * 1024;

  private final JsonMessageParser parser;
  /** Writes each message as one root value, without the default space between root values. */
  private final ObjectWriter writer;
  /**
   * One encoder per thread: a generator kept open over a growable buffer that is reset after each
   * message. A generator (and its serialization context, I/O context and write buffer) made per
   * message was a third of the bytes the encoding allocated under the echo load.
   */
  private final ThreadLocal<Encoder> encoders = new ThreadLocal<>();

  /** A protocol using a default {@link JsonMapper}. */
  public JsonHubProtocol() {
    this(JsonMappers.builder().build());
  }

  /** A protocol whose argument trees are read and written by {@code mapper}. */
  public JsonHubProtocol(JsonMapper mapper) {
    this.parser = new JsonMessageParser(mapper);
    this.writer = mapper.writer().withRootValueSeparator((String) null);
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
    Encoder encoder = encoders.get();
    if (encoder == null) encoders.set(encoder = new Encoder(writer));
    // An encode nested in another on this thread (an argument that serializes a message) gets its own.
    if (encoder.inUse) return new Encoder(writer).encodeOnce(message);
    encoder.inUse = true;
    boolean kept = false;
    try {
      byte[] bytes = encoder.encode(message);
      kept = encoder.keptBytes() <= MAX_KEPT;
      return bytes;
    } finally {
      encoder.inUse = false;
      // A message that failed half-way leaves its generator mid-message; an outsized buffer is not kept.
      if (!kept) {
        encoders.remove();
        encoder.discard();
      }
    }
  }

  /** A generator over a growable buffer: each message is written, flushed, copied out, and the buffer reset. */
  private static final class Encoder {
    final ByteArrayBuilder bytes = new ByteArrayBuilder(512);
    final JsonGenerator gen;
    boolean inUse;

    Encoder(ObjectWriter writer) {
      this.gen = writer.createGenerator(bytes);
    }

    byte[] encode(HubMessage message) {
      gen.writeStartObject();
      gen.writeNumberProperty("type", message.type());
      writeBody(gen, message);
      gen.writeEndObject();
      gen.flush();
      bytes.write(RecordSeparatedReader.RECORD_SEPARATOR);
      byte[] result = bytes.toByteArray();
      bytes.reset();
      return result;
    }

    byte[] encodeOnce(HubMessage message) {
      try {
        return encode(message);
      } finally {
        discard();
      }
    }

    /** The size of the buffer kept for the next message (resets it: call it after a message). */
    int keptBytes() {
      return bytes.resetAndGetFirstSegment().length;
    }

    /** Gives the generator's buffers back; after a failure its state is of no use anyway. */
    void discard() {
      try {
        gen.close();
      } catch (RuntimeException ignored) {
        // closing a generator left mid-message may itself fail: nothing of it is used again
      }
    }
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
