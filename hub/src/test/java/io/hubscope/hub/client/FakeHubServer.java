package io.hubscope.hub.client;

import io.hubscope.hub.protocol.CloseMessage;
import io.hubscope.hub.protocol.CompletionMessage;
import io.hubscope.hub.protocol.Handshake;
import io.hubscope.hub.protocol.HandshakeReader;
import io.hubscope.hub.protocol.HandshakeRequest;
import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.PingMessage;
import io.hubscope.hub.testing.Inbox;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.websocket.WebsocketInbound;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A minimal SignalR server for client tests, on a real socket (port 0). Negotiate at
 * {@code /hub}, {@code /v0} (negotiateVersion 0 answer), {@code /redirect} (redirects to
 * {@code /hub} with a token), {@code /loop} (redirects to itself forever), {@code /denied}
 * (negotiate error), {@code /sse-only} (no WebSockets offered). WebSocket at {@code /hub}
 * and {@code /v0}, answering by invocation target: {@code echo} (result = first argument),
 * {@code fail}, {@code void}, {@code push} (invokes {@code Response_VM} on the client),
 * {@code askResult}, {@code pingMe}, {@code closeMe}, {@code hangup}, {@code garbage}.
 */
final class FakeHubServer implements AutoCloseable {

  /** What a request carried that tests check. */
  record Request(String uri, HttpHeaders headers) {
  }

  /** Server-wide behaviour switches. */
  enum Mode { NORMAL, REFUSE_HANDSHAKE, MUTE_HANDSHAKE, GREET_IN_HANDSHAKE_FRAME }

  /** Filled on the server's event loops, so inboxes: a blocking queue could park them. */
  final Inbox<Request> negotiations = new Inbox<>();
  final Inbox<Request> sockets = new Inbox<>();
  final Inbox<HubMessage> received = new Inbox<>();
  volatile Mode mode = Mode.NORMAL;
  private final AtomicInteger connections = new AtomicInteger();
  private final DisposableServer server;

  FakeHubServer() {
    server = HttpServer.create().host("127.0.0.1").port(0)
        .route(r -> r
            .post("/hub/negotiate", (req, res) -> negotiate(req, res, connectionAnswer(1)))
            .post("/v0/negotiate", (req, res) -> negotiate(req, res, connectionAnswer(0)))
            .post("/redirect/negotiate", (req, res) -> negotiate(req, res,
                "{\"url\":\"" + url("/hub") + "\",\"accessToken\":\"redirect token\"}"))
            .post("/denied/negotiate", (req, res) -> negotiate(req, res, "{\"error\":\"Tenant is suspended\"}"))
            .post("/sse-only/negotiate", (req, res) -> negotiate(req, res, "{\"connectionId\":\"c\",\"connectionToken\":\"t\","
                + "\"negotiateVersion\":1,\"availableTransports\":[{\"transport\":\"ServerSentEvents\",\"transferFormats\":[\"Text\"]}]}"))
            .post("/loop/negotiate", (req, res) -> negotiate(req, res, "{\"url\":\"" + url("/loop") + "\"}"))
            .get("/hub", this::webSocket)
            .get("/v0", this::webSocket))
        .bindNow();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  HubMessage nextReceived() {
    return received.take(Duration.ofSeconds(5), "message received by the server");
  }

  Request nextNegotiation() {
    return negotiations.take(Duration.ofSeconds(5), "negotiate request");
  }

  Request nextSocket() {
    return sockets.take(Duration.ofSeconds(5), "WebSocket request");
  }

  private String connectionAnswer(int version) {
    int n = connections.incrementAndGet();
    String transports = ",\"availableTransports\":[{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]}]";
    return version == 1
        ? "{\"connectionId\":\"cid-" + n + "\",\"connectionToken\":\"tok-" + n + "\",\"negotiateVersion\":1" + transports + "}"
        : "{\"connectionId\":\"legacy-" + n + "\"" + transports + "}";
  }

  private Mono<Void> negotiate(HttpServerRequest req, HttpServerResponse res, String answer) {
    negotiations.add(new Request(req.uri(), req.requestHeaders().copy()));
    return res.header("Content-Type", "application/json").sendString(Mono.just(answer)).then();
  }

  private Mono<Void> webSocket(HttpServerRequest req, HttpServerResponse res) {
    sockets.add(new Request(req.uri(), req.requestHeaders().copy()));
    return res.sendWebsocket((in, out) -> {
      Session session = new Session(in);
      return out.sendObject(in.receiveFrames().concatMapIterable(session::onFrame)).then();
    });
  }

  /** One client socket: handshake, then answers per target. */
  private final class Session {
    private final WebsocketInbound in;
    private final HandshakeReader handshake = new HandshakeReader();
    private HubProtocol protocol;
    private HubProtocol.Reader reader;

    Session(WebsocketInbound in) {
      this.in = in;
    }

    List<WebSocketFrame> onFrame(WebSocketFrame frame) {
      List<WebSocketFrame> replies = new ArrayList<>();
      ByteBuffer payload = frame.content().nioBuffer();
      if (protocol == null) {
        HandshakeRequest request = handshake.read(payload);
        if (request == null || mode == Mode.MUTE_HANDSHAKE) return replies;
        if (mode == Mode.REFUSE_HANDSHAKE) {
          replies.add(new TextWebSocketFrame(Unpooled.wrappedBuffer(
              Handshake.errorResponse("Requested protocol '" + request.protocol() + "' is not available."))));
          return replies;
        }
        protocol = HubProtocols.find(request.protocol()).orElseThrow();
        reader = protocol.newReader(1024 * 1024);
        byte[] ok = Handshake.successResponse();
        if (mode == Mode.GREET_IN_HANDSHAKE_FRAME) {
          byte[] greeting = protocol.encode(new InvocationMessage(null, "Welcome", List.of()));
          byte[] both = new byte[ok.length + greeting.length];
          System.arraycopy(ok, 0, both, 0, ok.length);
          System.arraycopy(greeting, 0, both, ok.length, greeting.length);
          ok = both;
        }
        replies.add(new TextWebSocketFrame(Unpooled.wrappedBuffer(ok)));
        payload = request.remaining();
      }
      reader.read(payload, message -> {
        received.add(message);
        if (message instanceof InvocationMessage invocation) answer(invocation, replies);
      });
      return replies;
    }

    private void answer(InvocationMessage m, List<WebSocketFrame> replies) {
      JsonNodeFactory nodes = JsonNodeFactory.instance;
      switch (m.target()) {
        case "echo" -> reply(replies, CompletionMessage.ofResult(m.invocationId(),
            m.arguments().isEmpty() ? nodes.nullNode() : m.arguments().get(0)));
        case "fail" -> reply(replies, CompletionMessage.ofError(m.invocationId(), "It didn't work!"));
        case "void" -> reply(replies, CompletionMessage.ofVoid(m.invocationId()));
        case "push" -> {
          reply(replies, new InvocationMessage(null, "Response_VM", m.arguments()));
          reply(replies, CompletionMessage.ofVoid(m.invocationId()));
        }
        case "askResult" -> reply(replies, new InvocationMessage("s1", "ClientMethod", List.of()));
        case "pingMe" -> reply(replies, PingMessage.INSTANCE);
        case "closeMe" -> reply(replies, new CloseMessage("Server shutting down", true));
        case "hangup" -> in.withConnection(Connection::dispose);
        case "garbage" -> replies.add(frame(new byte[] {'n', 'o', 't', 0x1e, (byte) 0x91, 0x0a}));
        default -> { } // sends without an id, and messages the test only wants recorded
      }
    }

    private void reply(List<WebSocketFrame> replies, HubMessage message) {
      replies.add(frame(protocol.encode(message)));
    }

    private WebSocketFrame frame(byte[] bytes) {
      return protocol.isBinary()
          ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))
          : new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes));
    }
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
