package io.hubscope.hub.transport;

import java.util.function.Supplier;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Upgrades a request to a Reactor Netty WebSocket whose session lets the hub reach the socket's
 * inbound side, where {@link ClientConnection} puts its own frame reader in the pipeline. Spring's
 * handshake checks (version, key, origin, sub-protocol) run before, in its WebSocket service.
 */
public final class WebSocketUpgrade implements RequestUpgradeStrategy {

  private final int maxFramePayload;

  /** @param maxFramePayload the largest frame accepted, fragments joined */
  public WebSocketUpgrade(int maxFramePayload) {
    this.maxFramePayload = maxFramePayload;
  }

  @Override
  public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, String subProtocol,
      Supplier<HandshakeInfo> handshakeInfoFactory) {
    ServerHttpResponse response = exchange.getResponse();
    HttpServerResponse nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
    HandshakeInfo info = handshakeInfoFactory.get();
    NettyDataBufferFactory buffers = (NettyDataBufferFactory) response.bufferFactory();
    WebsocketServerSpec.Builder spec = WebsocketServerSpec.builder().maxFramePayloadLength(maxFramePayload)
        .handlePing(false); // Reactor Netty answers pings
    if (subProtocol != null) spec.protocols(subProtocol);
    WebsocketServerSpec built = spec.build();
    return response.setComplete().then(Mono.defer(() -> nativeResponse.sendWebsocket(
        (in, out) -> handler.handle(new Session(in, out, info, buffers, maxFramePayload)), built)));
  }

  /** The session of a socket this strategy upgraded; the hub's handler reads its inbound side. */
  static WebsocketInbound inbound(WebSocketSession session) {
    if (session instanceof Session s) return s.inbound();
    throw new IllegalStateException("Not a socket upgraded by the hub: " + session.getClass().getName());
  }

  private static final class Session extends ReactorNettyWebSocketSession {
    Session(WebsocketInbound in, WebsocketOutbound out, HandshakeInfo info,
        NettyDataBufferFactory buffers, int maxFramePayload) {
      super(in, out, info, buffers, maxFramePayload);
    }

    WebsocketInbound inbound() {
      return getDelegate().getInbound();
    }
  }
}
