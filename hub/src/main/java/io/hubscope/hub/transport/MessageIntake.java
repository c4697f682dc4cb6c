package io.hubscope.hub.transport;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.PreparedMessage;
import io.hubscope.hub.protocol.AckMessage;
import io.hubscope.hub.protocol.CancelInvocationMessage;
import io.hubscope.hub.protocol.CloseMessage;
import io.hubscope.hub.protocol.CompletionMessage;
import io.hubscope.hub.protocol.Handshake;
import io.hubscope.hub.protocol.HandshakeReader;
import io.hubscope.hub.protocol.HandshakeRequest;
import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocolException;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.SequenceMessage;
import io.hubscope.hub.protocol.StreamInvocationMessage;
import io.hubscope.hub.protocol.StreamItemMessage;
import io.hubscope.hub.transport.reconnect.InboundSequence;
import java.nio.ByteBuffer;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Reads one connection's frames: the handshake first, then hub messages, each dispatched in the
 * order it arrived. Used by one thread at a time: a socket's event loop, or the one send (POST) in
 * flight of an HTTP transport connection.
 */
final class MessageIntake {

  private static final String STREAMING_UNSUPPORTED = "Streaming is not supported by this hub.";

  private final TransportConnection connection;
  private final HubEndpoint endpoint;
  private final HandshakeReader handshake;
  private volatile HubProtocol protocol;
  private volatile HubProtocol.Reader reader;

  MessageIntake(TransportConnection connection, HubEndpoint endpoint) {
    this.connection = connection;
    this.endpoint = endpoint;
    this.handshake = new HandshakeReader();
  }

  HubProtocol protocol() {
    return protocol;
  }

  /** A resumed stateful connection: a new socket, so no half-read message carries over. */
  void resume() {
    reader = newReader(protocol);
  }

  void accept(ByteBuffer frame, boolean binary) {
    if (protocol == null) {
      HandshakeRequest request = handshake.read(frame);
      if (request == null) return;
      HubProtocol chosen = HubProtocols.find(request.protocol()).orElse(null);
      // Version 2 adds Ack and Sequence (stateful reconnect); the official clients send it only then.
      if (chosen == null || request.version() < 1 || request.version() > 2) {
        endpoint.metrics().error(HubProtocolException.Kind.BAD_HANDSHAKE.tag());
        connection.close(CloseReason.PROTOCOL_ERROR, "The protocol '" + request.protocol() + "' version "
            + request.version() + " is not supported.");
        return;
      }
      if (chosen.isBinary() && !connection.supportsBinary()) {
        endpoint.metrics().error(HubProtocolException.Kind.BAD_HANDSHAKE.tag());
        connection.close(CloseReason.PROTOCOL_ERROR, "Cannot use the '" + chosen.name()
            + "' protocol on the current transport. The transport does not support 'Binary' transfer format.");
        return;
      }
      reader = newReader(chosen);
      connection.sendRaw(Handshake.successResponse(), false);
      protocol = chosen;
      connection.handshaken(chosen, request.version());
      endpoint.opened(connection);
      frame = request.remaining();
      if (!frame.hasRemaining()) return;
    } else if (binary && !protocol.isBinary() && !looksLikeText(frame)) {
      throw new HubProtocolException(HubProtocolException.Kind.WRONG_FRAME_TYPE,
          "a binary frame that is not JSON text arrived on a JSON connection");
    }
    endpoint.metrics().messageReceived(frame.remaining());
    reader.read(frame, this::onMessage);
  }

  private HubProtocol.Reader newReader(HubProtocol chosen) {
    return chosen.newReader(endpoint.settings().maxMessageSize(), endpoint.dispatcher().decoders());
  }

  /** The official Java client sends JSON in binary frames; accept those, refuse real binary. */
  private static boolean looksLikeText(ByteBuffer frame) {
    if (!frame.hasRemaining()) return true;
    byte first = frame.get(frame.position());
    return first == '{' || first == ' ' || first == '\n' || first == '\r' || first == '\t';
  }

  private void onMessage(HubMessage message) {
    if (connection.isClosing()) return;
    InboundSequence inbound = connection.inbound();
    if (inbound != null && message.isTrackable() && !inbound.accept()) return; // resent after a reconnect
    if (message instanceof InvocationMessage invocation) {
      invoke(invocation);
    } else if (message instanceof CloseMessage) {
      connection.closedByClient();
    } else if (message instanceof StreamInvocationMessage stream) {
      refuse(stream.invocationId(), "streaming_unsupported", STREAMING_UNSUPPORTED);
    } else if (message instanceof CancelInvocationMessage cancel) {
      refuse(cancel.invocationId(), "streaming_unsupported", STREAMING_UNSUPPORTED);
    } else if (message instanceof StreamItemMessage item) {
      refuse(item.invocationId(), "streaming_unsupported", STREAMING_UNSUPPORTED);
    } else if (message instanceof CompletionMessage) {
      endpoint.metrics().error("unexpected_completion");
    } else if (message instanceof AckMessage ack) {
      requireStateful(inbound, message);
      connection.acked(ack.sequenceId());
    } else if (message instanceof SequenceMessage sequence) {
      if (!requireStateful(inbound, message).reset(sequence.sequenceId())) {
        throw new HubProtocolException(HubProtocolException.Kind.MALFORMED, "Sequence " + sequence.sequenceId()
            + " skips messages the server never received (next expected " + (inbound.latest() + 1) + ")");
      }
    }
    // Pings only refresh the last-received time, which every frame does.
  }

  private static InboundSequence requireStateful(InboundSequence inbound, HubMessage message) {
    if (inbound == null) {
      throw new HubProtocolException(HubProtocolException.Kind.UNSUPPORTED_MESSAGE, "Message type " + message.type()
          + " needs stateful reconnect, which this connection did not negotiate");
    }
    return inbound;
  }

  private void invoke(InvocationMessage invocation) {
    String id = invocation.invocationId();
    Mono<JsonNode> result = endpoint.dispatcher().dispatch(connection, invocation);
    if (id == null) {
      result.subscribe(null, error -> endpoint.log().debug("[{}] {} failed: {}", connection.id(),
          invocation.target(), messageOf(error)));
      return;
    }
    // One subscriber, not map/defaultIfEmpty/onErrorResume: each invocation paid for three operators.
    result.subscribe(new Completer(id));
  }

  /** Answers one invocation with its completion: the result, void, or the error. */
  private final class Completer extends BaseSubscriber<JsonNode> {
    private final String id;
    private boolean answered;

    Completer(String id) {
      this.id = id;
    }

    @Override
    protected void hookOnNext(JsonNode value) {
      answer(CompletionMessage.ofResult(id, value));
    }

    @Override
    protected void hookOnComplete() {
      answer(CompletionMessage.ofVoid(id));
    }

    @Override
    protected void hookOnError(Throwable error) {
      answer(CompletionMessage.ofError(id, messageOf(error)));
    }

    private void answer(CompletionMessage completion) {
      if (answered) return; // a Mono completes after its value: one completion per invocation
      answered = true;
      connection.send(new PreparedMessage(completion));
    }
  }

  private void refuse(String invocationId, String kind, String error) {
    endpoint.metrics().error(kind);
    if (invocationId != null) connection.send(new PreparedMessage(CompletionMessage.ofError(invocationId, error)));
  }

  static String messageOf(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }
}
