package io.hubscope.hub.protocol;

import static io.hubscope.hub.protocol.HubProtocolException.Kind.BAD_HANDSHAKE;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.util.ByteArrayBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SignalR handshake, always JSON whatever the hub protocol: the client sends
 * {@code {"protocol":"json","version":1}} + 0x1E, the server answers {@code {}} + 0x1E or
 * {@code {"error":"..."}} + 0x1E.
 *
 * <p>The parse methods are stateless: they return {@code null} while the frame holds no 0x1E yet,
 * leaving the buffer untouched so that the caller can keep it and retry with more bytes;
 * {@link HandshakeReader} does that buffering with a size limit for callers that want it done.
 */
public final class Handshake {

  private static final JsonMapper MAPPER = JsonMappers.builder().build();
  private static final byte[] SUCCESS = {'{', '}', RecordSeparatedReader.RECORD_SEPARATOR};

  private Handshake() {
  }

  /**
   * Parses a client handshake from {@code frame}'s remaining bytes and advances {@code frame} past
   * its 0x1E.
   *
   * @return the request, or null when no 0x1E has arrived yet
   * @throws HubProtocolException ({@code BAD_HANDSHAKE}) on bad JSON or a missing protocol/version
   */
  public static HandshakeRequest parseRequest(ByteBuffer frame) {
    ByteBuffer record = nextRecord(frame);
    if (record == null) return null;
    String protocol = null;
    Integer version = null;
    try (JsonParser parser = openObject(record)) {
      String name;
      while ((name = parser.nextName()) != null) {
        JsonToken token = parser.nextToken();
        if ("protocol".equals(name)) {
          if (token != JsonToken.VALUE_STRING) throw bad("'protocol' must be a string");
          protocol = parser.getString();
        } else if ("version".equals(name)) {
          if (token != JsonToken.VALUE_NUMBER_INT) throw bad("'version' must be an integer");
          version = parser.getIntValue();
        } else {
          parser.skipChildren();
        }
      }
      ensureEnd(parser);
    } catch (JacksonException e) {
      throw new HubProtocolException(BAD_HANDSHAKE, "Malformed handshake JSON: " + e.getOriginalMessage(), e);
    }
    if (protocol == null || protocol.isEmpty()) throw bad("missing 'protocol'");
    if (version == null) throw bad("missing 'version'");
    return new HandshakeRequest(protocol, version, frame.slice());
  }

  /**
   * Parses the server's handshake answer from {@code frame}'s remaining bytes (client side).
   *
   * @return the response, or null when no 0x1E has arrived yet
   */
  public static HandshakeResponse parseResponse(ByteBuffer frame) {
    ByteBuffer record = nextRecord(frame);
    if (record == null) return null;
    String error = null;
    try (JsonParser parser = openObject(record)) {
      String name;
      while ((name = parser.nextName()) != null) {
        JsonToken token = parser.nextToken();
        if ("error".equals(name) && token != JsonToken.VALUE_NULL) {
          if (token != JsonToken.VALUE_STRING) throw bad("'error' must be a string");
          error = parser.getString();
        } else {
          parser.skipChildren();
        }
      }
      ensureEnd(parser);
    } catch (JacksonException e) {
      throw new HubProtocolException(BAD_HANDSHAKE, "Malformed handshake response: " + e.getOriginalMessage(), e);
    }
    return new HandshakeResponse(error, frame.slice());
  }

  /** The client's handshake request, 0x1E included. */
  public static byte[] request(String protocol, int version) {
    return write(gen -> {
      gen.writeStringProperty("protocol", protocol);
      gen.writeNumberProperty("version", version);
    });
  }

  /** {@code {}} + 0x1E. */
  public static byte[] successResponse() {
    return SUCCESS.clone();
  }

  /** {@code {"error":"..."}} + 0x1E, with {@code error} escaped as JSON. */
  public static byte[] errorResponse(String error) {
    return write(gen -> gen.writeStringProperty("error", error));
  }

  /** Up to (excluding) the next 0x1E; advances {@code frame} past it. Null if there is none. */
  private static ByteBuffer nextRecord(ByteBuffer frame) {
    for (int i = frame.position(); i < frame.limit(); i++) {
      if (frame.get(i) == RecordSeparatedReader.RECORD_SEPARATOR) {
        ByteBuffer record = frame.duplicate().limit(i);
        frame.position(i + 1);
        return record;
      }
    }
    return null;
  }

  private static JsonParser openObject(ByteBuffer record) {
    byte[] bytes = new byte[record.remaining()];
    record.get(bytes);
    JsonParser parser = MAPPER.createParser(bytes);
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      parser.close();
      throw bad("the handshake must be a JSON object, got '"
          + new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.UTF_8) + "'");
    }
    return parser;
  }

  private static void ensureEnd(JsonParser parser) {
    if (parser.nextToken() != null) throw bad("unexpected content after the handshake object");
  }

  private static HubProtocolException bad(String why) {
    return new HubProtocolException(BAD_HANDSHAKE, "Bad handshake: " + why);
  }

  private interface Body {
    void write(JsonGenerator gen);
  }

  private static byte[] write(Body body) {
    ByteArrayBuilder out = new ByteArrayBuilder(64);
    try (JsonGenerator gen = MAPPER.createGenerator(out)) {
      gen.writeStartObject();
      body.write(gen);
      gen.writeEndObject();
    }
    out.write(RecordSeparatedReader.RECORD_SEPARATOR);
    return out.toByteArray();
  }
}
