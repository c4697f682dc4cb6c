package io.hubscope.hub.client;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * Opens the WebSocket of a negotiated endpoint, does the handshake, and from then on feeds the
 * frames to the {@link HubClientConnection}. Frames are handed over as they come, continuation
 * frames included: the hub protocol readers reassemble messages themselves, so no frame
 * aggregation is needed. Sends made while a read is handled are flushed once, when it completes.
 */
final class WebSocketConnector {

  private final HttpClient http;
  private final HubClientOptions options;

  WebSocketConnector(HttpClient http, HubClientOptions options) {
    this.http = http;
    this.options = options;
  }

  Mono<HubClientConnection> open(Negotiator.Endpoint endpoint) {
    String url = webSocketUrl(endpoint);
    WebsocketClientSpec spec = WebsocketClientSpec.builder()
        // A frame may carry a whole message plus its framing; never less than Netty's default.
        .maxFramePayloadLength(Math.max(65536, options.maxMessageSize() + 16))
        .build();
    return Mono.<HubClientConnection>create(sink -> {
      AtomicReference<HandshakeGate> session = new AtomicReference<>();
      Disposable socket = http.websocket(spec).uri(Negotiator.uri(url))
          .handle((in, out) -> {
            HandshakeGate gate = new HandshakeGate(new WebSocketLink(channelOf(in), options.protocol().isBinary()),
                options, endpoint, sink);
            session.set(gate);
            in.withConnection(c -> c.addHandlerLast("hubscope.reads", new Frames(gate)));
            gate.start();
            // Only control frames reach Reactor Netty (it answers pings and ends on a close).
            return in.receiveFrames().then()
                .doOnSuccess(v -> gate.onClosed(null, "WebSocket"))
                .doOnError(error -> gate.onClosed(error, "WebSocket"));
          })
          .subscribe(null, error -> {
            HandshakeGate gate = session.get();
            if (gate == null) sink.error(new HubConnectException("WebSocket to " + url + " failed: " + error, error));
          });
      sink.onCancel(() -> {
        HandshakeGate gate = session.get();
        if (gate != null) gate.abort();
        socket.dispose();
      });
    }).timeout(options.handshakeTimeout(), Mono.error(() -> new HubConnectException(
        "No handshake answer from " + url + " within " + options.handshakeTimeout())));
  }

  /** {@code ws(s)://...?id={token}&access_token={token}}, keeping the hub URL's own query. */
  static String webSocketUrl(Negotiator.Endpoint endpoint) {
    String url = endpoint.transportUrl();
    if (url.regionMatches(true, 0, "https://", 0, 8)) return "wss://" + url.substring(8);
    if (url.regionMatches(true, 0, "http://", 0, 7)) return "ws://" + url.substring(7);
    return url;
  }

  /**
   * Hands the socket's data frames to the gate on the event loop, without Reactor Netty's operators
   * per frame, and tells it when a read of the socket starts and ends (for the send queue's flush).
   * Pings, pongs and close frames go on to Reactor Netty.
   */
  private static final class Frames extends ChannelInboundHandlerAdapter {
    private final HandshakeGate gate;

    Frames(HandshakeGate gate) {
      this.gate = gate;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      gate.readStarted();
      if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
          || msg instanceof ContinuationWebSocketFrame) {
        WebSocketFrame frame = (WebSocketFrame) msg;
        try {
          // A copy on the heap: every reader wants an array, and a direct buffer's slice costs more than the copy.
          gate.onBytes(ByteBuffer.wrap(ByteBufUtil.getBytes(frame.content())));
        } finally {
          frame.release();
        }
      } else {
        ctx.fireChannelRead(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      gate.readComplete();
      ctx.fireChannelReadComplete();
    }
  }

  private static Channel channelOf(WebsocketInbound in) {
    Channel[] channel = new Channel[1];
    in.withConnection(c -> channel[0] = c.channel());
    return channel[0];
  }
}
