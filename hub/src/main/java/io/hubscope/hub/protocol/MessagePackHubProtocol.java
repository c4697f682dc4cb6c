package io.hubscope.hub.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SignalR MessagePack hub protocol ({@code messagepack}): each message is a MessagePack array
 * ({@code [type, headers, ...]} per the spec) preceded by its VarInt length; several may share a
 * binary frame and one may span frames. Values map to Jackson trees: maps to objects, arrays to
 * arrays, binary to binary nodes, timestamps to ISO-8601 strings.
 */
public final class MessagePackHubProtocol implements HubProtocol {

  /** The protocol name used in the handshake. */
  public static final String NAME = "messagepack";

  private final JsonMapper mapper;
  private final MessagePackMessageParser parser = new MessagePackMessageParser();

  /** A protocol using a default {@link JsonMapper} for values that are not trees yet. */
  public MessagePackHubProtocol() {
    this(JsonMappers.builder().build());
  }

  /** A protocol that turns POJO nodes into trees with {@code mapper} before packing them. */
  public MessagePackHubProtocol(JsonMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isBinary() {
    return true;
  }

  @Override
  public byte[] encode(HubMessage message) {
    try {
      MessagePackOutput out = new MessagePackOutput(mapper);
      writeBody(out, message);
      return out.toFramedBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory buffers: not expected
    }
  }

  @Override
  public Reader newReader(int maxMessageSize) {
    return new LengthPrefixedReader(parser, maxMessageSize);
  }

  /** Decoded arguments (read, not usually sent) as the trees Jackson makes of them. */
  private List<JsonNode> trees(List<Object> decoded) {
    List<JsonNode> trees = new ArrayList<>(decoded.size());
    for (Object argument : decoded) trees.add(mapper.valueToTree(argument));
    return trees;
  }

  // Java 17: no pattern matching for switch yet, hence the instanceof chain.
  private void writeBody(MessagePackOutput out, HubMessage message) throws IOException {
    if (message instanceof InvocationMessage m) {
      // Five elements: we never send upload streams, and every client accepts the short form.
      out.array(5).integer(1).emptyHeaders().string(m.invocationId()).string(m.target())
          .values(m.isDecoded() ? trees(m.decodedArguments()) : m.arguments());
    } else if (message instanceof CompletionMessage m) {
      out.array(m.error() != null || m.hasResult() ? 5 : 4).integer(3).emptyHeaders()
          .string(m.invocationId());
      if (m.error() != null) {
        out.integer(1).string(m.error());
      } else if (m.hasResult()) {
        out.integer(3).value(m.result());
      } else {
        out.integer(2);
      }
    } else if (message instanceof StreamItemMessage m) {
      out.array(4).integer(2).emptyHeaders().string(m.invocationId()).value(m.item());
    } else if (message instanceof StreamInvocationMessage m) {
      out.array(5).integer(4).emptyHeaders().string(m.invocationId()).string(m.target())
          .values(m.arguments());
    } else if (message instanceof CancelInvocationMessage m) {
      out.array(3).integer(5).emptyHeaders().string(m.invocationId());
    } else if (message instanceof PingMessage) {
      out.array(1).integer(6);
    } else if (message instanceof CloseMessage m) {
      // The spec's short form without allowReconnect when it is false; readers default to false.
      if (m.allowReconnect()) {
        out.array(3).integer(7).string(m.error()).bool(true);
      } else {
        out.array(2).integer(7).string(m.error());
      }
    } else if (message instanceof AckMessage m) {
      out.array(2).integer(8).unsigned(m.sequenceId());
    } else if (message instanceof SequenceMessage m) {
      out.array(2).integer(9).unsigned(m.sequenceId());
    }
  }
}
