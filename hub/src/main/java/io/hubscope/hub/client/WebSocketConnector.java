package io.hubscope.hub.client;

import io.hubscope.hub.protocol.Handshake;
import io.hubscope.hub.protocol.HandshakeResponse;
import io.hubscope.hub.protocol.HubProtocolException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * Opens the WebSocket of a negotiated endpoint, does the handshake, and from then on feeds the
 * frames to the {@link HubClientConnection}. Frames are handed over as they come, continuation
 * frames included: the hub protocol readers reassemble messages themselves, so no frame
 * aggregation (and no extra copy) is needed.
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
      AtomicReference<Session> session = new AtomicReference<>();
      Disposable socket = http.websocket(spec).uri(Negotiator.uri(url))
          .handle((in, out) -> {
            Session s = new Session(channelOf(in), endpoint, sink);
            session.set(s);
            return in.receiveFrames().doOnNext(s::onFrame).then()
                .doOnSuccess(v -> s.onClosed(null))
                .doOnError(s::onClosed);
          })
          .subscribe(null, error -> {
            Session s = session.get();
            if (s == null) sink.error(new HubConnectException("WebSocket to " + url + " failed: " + error, error));
          });
      sink.onCancel(() -> {
        Session s = session.get();
        if (s != null) s.abort();
        socket.dispose();
      });
    }).timeout(options.handshakeTimeout(), Mono.error(() -> new HubConnectException(
        "No handshake answer from " + url + " within " + options.handshakeTimeout())));
  }

  /** {@code ws(s)://...?id={token}&access_token={token}}, keeping the hub URL's own query. */
  static String webSocketUrl(Negotiator.Endpoint endpoint) {
    String url = endpoint.url();
    if (url.regionMatches(true, 0, "https://", 0, 8)) {
      url = "wss://" + url.substring(8);
    } else if (url.regionMatches(true, 0, "http://", 0, 7)) {
      url = "ws://" + url.substring(7);
    }
    StringBuilder ws = new StringBuilder(url);
    char separator = url.indexOf('?') < 0 ? '?' : '&';
    if (endpoint.connectionToken() != null) {
      ws.append(separator).append("id=").append(encode(endpoint.connectionToken()));
      separator = '&';
    }
    if (endpoint.accessToken() != null) {
      ws.append(separator).append("access_token=").append(encode(endpoint.accessToken()));
    }
    return ws.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Channel channelOf(WebsocketInbound in) {
    Channel[] channel = new Channel[1];
    in.withConnection(c -> channel[0] = c.channel());
    return channel[0];
  }

  /** One WebSocket: handshake first, then the hub connection. Event loop only. */
  private final class Session {
    private final Channel channel;
    private final Negotiator.Endpoint endpoint;
    private final MonoSink<HubClientConnection> connectSink;
    private final ClientHandshake handshake = new ClientHandshake();
    private HubClientConnection connection; // set once the handshake succeeded
    private volatile boolean failed; // also set by abort() from the timeout thread

    Session(Channel channel, Negotiator.Endpoint endpoint, MonoSink<HubClientConnection> connectSink) {
      this.channel = channel;
      this.endpoint = endpoint;
      this.connectSink = connectSink;
      // The handshake is JSON text whatever the hub protocol.
      byte[] request = Handshake.request(options.protocol().name(), 1);
      channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(request)));
    }

    void onFrame(WebSocketFrame frame) {
      if (!(frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
          || frame instanceof ContinuationWebSocketFrame)) {
        return; // pings, pongs and close frames are Reactor Netty's business
      }
      ByteBuffer payload = frame.content().nioBuffer();
      if (connection != null) {
        connection.onMessages(payload);
      } else if (!failed) {
        onHandshakeBytes(payload);
      }
    }

    private void onHandshakeBytes(ByteBuffer payload) {
      HandshakeResponse response;
      try {
        response = handshake.offer(payload);
      } catch (HubProtocolException | HubConnectException e) {
        fail(new HubConnectException("Bad handshake answer from " + endpoint.url() + ": " + e.getMessage(), e));
        return;
      }
      if (response == null) return;
      if (!response.isSuccess()) {
        fail(new HubConnectException("Handshake refused by " + endpoint.url() + ": " + response.error()));
        return;
      }
      connection = new HubClientConnection(channel, options, endpoint.connectionId());
      connection.start();
      connectSink.success(connection); // subscribers register handlers here, before any message
      if (response.remaining().hasRemaining()) connection.onMessages(response.remaining());
    }

    void onClosed(Throwable error) {
      if (connection != null) {
        if (error == null) connection.onTransportClosed(); else connection.onTransportError(error);
      } else if (!failed) {
        failed = true;
        connectSink.error(new HubConnectException("WebSocket to " + endpoint.url()
            + " closed before the handshake completed" + (error != null ? ": " + error : ""), error));
      }
    }

    /** The connect was cancelled (timeout or subscriber): drop the socket. */
    void abort() {
      failed = true;
      channel.close();
    }

    private void fail(HubConnectException error) {
      failed = true;
      connectSink.error(error);
      channel.close();
    }
  }
}
