package io.hubscope.hub.protocol;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A hub protocol (JSON or MessagePack): encodes messages to frame payloads and creates readers
 * that decode frames. Implementations are stateless and thread-safe; readers are per connection.
 */
public interface HubProtocol {

  /** The name used in the handshake: {@code json} or {@code messagepack}. */
  String name();

  /** True when frames are binary WebSocket frames (MessagePack), false for text (JSON). */
  boolean isBinary();

  /** Encodes one message, framing included (0x1E terminator or VarInt length prefix). */
  byte[] encode(HubMessage message);

  /**
   * A reader for one connection. It keeps the unfinished tail of a record that is split across
   * frames and refuses any single message over {@code maxMessageSize} bytes.
   */
  Reader newReader(int maxMessageSize);

  /**
   * A reader that may hand invocations of a target in {@code decoders} over with their arguments
   * decoded as they are read ({@link InvocationMessage#decodedArguments()}) instead of trees, where
   * the format makes that cheap. The default reads trees as usual: whoever dispatches a decoded
   * method decodes trees anyway, as invocations also come from elsewhere (forwarded by a proxy).
   */
  default Reader newReader(int maxMessageSize, Map<String, ArgumentDecoder<?>> decoders) {
    return newReader(maxMessageSize);
  }

  /** Decodes the messages of one connection, frame by frame. Not thread-safe. */
  interface Reader {
    /**
     * Decodes every complete message in {@code frame} (a frame may hold several, and a message may
     * span frames) and hands each to {@code sink} in order.
     *
     * @throws HubProtocolException on malformed or oversized input; the connection must then close
     */
    void read(ByteBuffer frame, Consumer<HubMessage> sink);
  }
}
