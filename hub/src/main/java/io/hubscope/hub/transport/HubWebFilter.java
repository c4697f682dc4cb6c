package io.hubscope.hub.transport;

import io.hubscope.hub.connection.ConnectionInfo;
import io.hubscope.hub.limit.Limit;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Serves one hub path in a WebFlux app: {@code POST {path}/negotiate}, the WebSocket at
 * {@code {path}?id=token} (or without an id when the client skips negotiation), and Server-Sent
 * Events and Long Polling on the same path ({@link HttpTransportHandler}). Unknown ids get
 * 404, a second socket for one id 409, a full node 503 and an address past its limit 429 (both
 * with Retry-After and a message), before any upgrade happens.
 */
public final class HubWebFilter implements WebFilter {

  private static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "cookie", "sec-websocket-key");

  private final String path;
  private final String negotiatePath;
  private final HubEndpoint endpoint;
  private final NegotiatePolicy policy;
  private final ClientAddresses addresses;
  private final WebSocketService webSockets;
  private final CrossOrigin crossOrigin;
  private final HttpTransportHandler httpTransports;

  public HubWebFilter(String path, HubEndpoint endpoint, NegotiatePolicy policy, ClientAddresses addresses,
      WebSocketService webSockets, CrossOrigin crossOrigin) {
    this.crossOrigin = crossOrigin;
    this.path = path;
    this.negotiatePath = path + "/negotiate";
    this.endpoint = endpoint;
    this.policy = policy;
    this.addresses = addresses;
    this.webSockets = webSockets;
    this.httpTransports = new HttpTransportHandler(this, endpoint);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String requestPath = exchange.getRequest().getPath().pathWithinApplication().value();
    boolean negotiation = requestPath.equals(negotiatePath);
    if (!negotiation && !requestPath.equals(path)) return chain.filter(exchange);
    // Cross-origin pages negotiate and use the HTTP transports: CORS on both paths.
    ServerHttpRequest request = exchange.getRequest();
    boolean allowedOrigin = crossOrigin.apply(request, exchange.getResponse());
    if (crossOrigin.isPreflight(request)) {
      exchange.getResponse().setStatusCode(allowedOrigin ? HttpStatus.NO_CONTENT : HttpStatus.FORBIDDEN);
      return exchange.getResponse().setComplete();
    }
    return negotiation ? negotiate(exchange) : serveHubPath(exchange);
  }

  /** WebSocket upgrades go to {@link #connect}; event streams, polls, sends and DELETE to the HTTP transports. */
  private Mono<Void> serveHubPath(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    String upgrade = request.getHeaders().getUpgrade();
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) return httpTransports.serve(exchange);
    if (!endpoint.transports().isEnabled(TransportType.WEB_SOCKETS)) {
      return httpTransports.disabled(exchange, TransportType.WEB_SOCKETS, "");
    }
    return connect(exchange);
  }

  private Mono<Void> negotiate(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    if (request.getMethod() != HttpMethod.POST) {
      return answer(exchange, HttpStatus.METHOD_NOT_ALLOWED, "{\"error\":\"negotiate expects POST\"}");
    }
    if (!policy.authorize(request)) return answer(exchange, HttpStatus.UNAUTHORIZED, "{\"error\":\"Unauthorized\"}");
    NegotiatePolicy.Redirect redirect = policy.redirect(request);
    if (redirect != null) {
      return answer(exchange, HttpStatus.OK, NegotiateAnswers.redirect(redirect));
    }
    if (endpoint.draining()) return refuseDraining(exchange);
    ConnectionLimiter limiter = endpoint.limiter();
    if (limiter.nodeFull()) return refuseNodeFull(exchange);
    String ip = addresses.resolve(request).getHostString();
    if (!limiter.acquireIp(ip)) return refuseIp(exchange);
    String version = request.getQueryParams().getFirst("negotiateVersion");
    boolean v1 = version != null && !version.equals("0");
    String connectionId = ConnectionTokens.randomId();
    String token = v1 ? ConnectionTokens.randomId() : connectionId;
    // Only with a secret token (version 1): a version 0 id is public, and resuming needs a secret.
    boolean stateful = v1 && endpoint.reconnect().enabled()
        && "true".equals(request.getQueryParams().getFirst("useStatefulReconnect"));
    if (!endpoint.tokens().issue(connectionId, token, ip, System.nanoTime(), stateful)) {
      limiter.releaseIp(ip);
      return refuse(exchange, Limit.PENDING_NEGOTIATIONS, HttpStatus.SERVICE_UNAVAILABLE,
          "Too many negotiations are waiting for their connection (limit "
              + limiter.limits().maxPendingNegotiations() + "); try again later");
    }
    return answer(exchange, HttpStatus.OK,
        NegotiateAnswers.connection(connectionId, v1 ? token : null, endpoint.transports(), stateful));
  }

  Mono<Void> refuseNodeFull(ServerWebExchange exchange) {
    return refuse(exchange, Limit.CONNECTIONS_PER_NODE, HttpStatus.SERVICE_UNAVAILABLE,
        "The server is at its connection limit (" + endpoint.limiter().limits().maxConnections()
            + "); try again later or another server");
  }

  private Mono<Void> refuseDraining(ServerWebExchange exchange) {
    return refuse(exchange, Limit.DRAINING, HttpStatus.SERVICE_UNAVAILABLE,
        "This server is draining for maintenance and takes no new clients; connect to another server");
  }

  private Mono<Void> refuseIp(ServerWebExchange exchange) {
    return refuse(exchange, Limit.CONNECTIONS_PER_IP, HttpStatus.TOO_MANY_REQUESTS,
        "Too many connections from your address (limit " + endpoint.limiter().limits().maxConnectionsPerIp()
            + "); close some first");
  }

  private Mono<Void> refuse(ServerWebExchange exchange, Limit limit, HttpStatus status, String message) {
    endpoint.metrics().refused(limit);
    if (status == HttpStatus.SERVICE_UNAVAILABLE || status == HttpStatus.TOO_MANY_REQUESTS) {
      exchange.getResponse().getHeaders().set("Retry-After", "5");
    }
    return answer(exchange, status, NegotiateAnswers.error(message));
  }

  private Mono<Void> connect(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    String upgrade = request.getHeaders().getUpgrade();
    if (request.getMethod() != HttpMethod.GET || upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      return answer(exchange, HttpStatus.BAD_REQUEST,
          "{\"error\":\"Only the WebSockets transport is supported: connect with a WebSocket upgrade\"}");
    }
    String token = request.getQueryParams().getFirst("id");
    String connectionId;
    String slotIp;
    boolean stateful = false;
    ConnectionLimiter limiter = endpoint.limiter();
    if (token == null) {
      if (!policy.authorize(request)) return answer(exchange, HttpStatus.UNAUTHORIZED, "{\"error\":\"Unauthorized\"}");
      if (endpoint.draining()) return refuseDraining(exchange);
      slotIp = addresses.resolve(request).getHostString();
      if (!limiter.acquireIp(slotIp)) return refuseIp(exchange);
      connectionId = ConnectionTokens.randomId();
    } else {
      ClientConnection resumed = endpoint.resumable(token);
      if (resumed != null) return webSockets.handleRequest(exchange, resumed::resume);
      // The negotiated token already holds its IP's slot; the socket takes it over.
      String[] claimed = new String[3];
      switch (endpoint.tokens().claim(token, claimed)) {
        case UNKNOWN -> {
          return answer(exchange, HttpStatus.NOT_FOUND, "{\"error\":\"No Connection with that ID\"}");
        }
        case IN_USE -> {
          return answer(exchange, HttpStatus.CONFLICT, "{\"error\":\"Connection ID is already in use\"}");
        }
        default -> {
          connectionId = claimed[0];
          slotIp = claimed[1];
          stateful = claimed[2] != null;
        }
      }
    }
    if (!limiter.openSocket()) {
      limiter.releaseIp(slotIp);
      endpoint.tokens().release(token);
      return refuseNodeFull(exchange);
    }
    ClientConnection connection = new ClientConnection(endpoint, token, slotIp, infoOf(connectionId, request), stateful);
    endpoint.attached(connection);
    return webSockets.handleRequest(exchange, connection::run)
        .doOnError(e -> endpoint.closed(connection, token, io.hubscope.hub.connection.CloseReason.PROTOCOL_ERROR,
            e.getMessage()));
  }

  private ConnectionInfo infoOf(String connectionId, ServerHttpRequest request) {
    return infoOf(connectionId, request, TransportType.WEB_SOCKETS);
  }

  /** The connection as the hub sees it, from the request that opened it. */
  ConnectionInfo infoOf(String connectionId, ServerHttpRequest request, TransportType transport) {
    InetSocketAddress client = addresses.resolve(request);
    Map<String, String> headers = new LinkedHashMap<>();
    request.getHeaders().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!HIDDEN_HEADERS.contains(lower) && !values.isEmpty()) headers.put(lower, String.join(", ", values));
    });
    String userAgent = request.getHeaders().getFirst("User-Agent");
    return new ConnectionInfo(connectionId, client.getHostString(), client.getPort(), userAgent, headers,
        transport.wireName(), null);
  }

  static Mono<Void> answer(ServerWebExchange exchange, HttpStatus status, String json) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    response.getHeaders().setCacheControl("no-store");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
