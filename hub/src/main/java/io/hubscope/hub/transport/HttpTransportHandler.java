package io.hubscope.hub.transport;

import io.hubscope.hub.connection.ConnectionInfo;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The requests on the hub path that are not WebSocket upgrades (TransportProtocols.md):
 * {@code GET} with {@code Accept: text/event-stream} opens a Server-Sent Events stream, any other
 * {@code GET} is a long poll, {@code POST} sends, {@code DELETE} ends a long-polling connection.
 * Each needs the negotiated {@code id}. Refusals follow ASP.NET Core: no id 400, unknown id 404, a
 * transport this hub does not serve 404 with the reason, a second event stream or a send while
 * another is in flight 409, another transport than the connection's 400; each carries
 * {@code {"error":"..."}} and misuse is counted as {@code bad_request}.
 */
final class HttpTransportHandler {

  static final String BAD_REQUEST = "bad_request";

  private final HubWebFilter filter;
  private final HubEndpoint endpoint;

  HttpTransportHandler(HubWebFilter filter, HubEndpoint endpoint) {
    this.filter = filter;
    this.endpoint = endpoint;
  }

  Mono<Void> serve(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    HttpMethod method = request.getMethod();
    String token = request.getQueryParams().getFirst("id");
    if (method != HttpMethod.GET && method != HttpMethod.POST && method != HttpMethod.DELETE) {
      return misuse(exchange, HttpStatus.METHOD_NOT_ALLOWED,
          "The hub path takes GET (event stream, long poll, WebSocket), POST (send) and DELETE");
    }
    if (token == null || token.isEmpty()) {
      return misuse(exchange, HttpStatus.BAD_REQUEST,
          "Connection ID required: negotiate first, then pass its connectionToken as ?id=");
    }
    if (method == HttpMethod.POST) return send(exchange, token);
    if (method == HttpMethod.DELETE) return delete(exchange, token);
    return acceptsEventStream(request) ? eventStream(exchange, token) : poll(exchange, token);
  }

  private static boolean acceptsEventStream(ServerHttpRequest request) {
    List<MediaType> accept = request.getHeaders().getAccept();
    for (MediaType type : accept) {
      if (type.equalsTypeAndSubtype(MediaType.TEXT_EVENT_STREAM)) return true;
    }
    return false;
  }

  private Mono<Void> eventStream(ServerWebExchange exchange, String token) {
    if (!endpoint.transports().isEnabled(TransportType.SERVER_SENT_EVENTS)) {
      return disabled(exchange, TransportType.SERVER_SENT_EVENTS, "");
    }
    HttpConnection existing = endpoint.httpConnections().get(token);
    if (existing instanceof ServerSentEventsConnection) {
      return misuse(exchange, HttpStatus.CONFLICT, "This connection already has an event stream");
    }
    if (existing != null) return cannotChange(exchange, existing);
    return open(exchange, token, TransportType.SERVER_SENT_EVENTS);
  }

  private Mono<Void> poll(ServerWebExchange exchange, String token) {
    String hint = " (an event stream request needs Accept: text/event-stream)";
    HttpConnection existing = endpoint.httpConnections().get(token);
    if (!endpoint.transports().isEnabled(TransportType.LONG_POLLING)) {
      return disabled(exchange, TransportType.LONG_POLLING, hint);
    }
    if (existing instanceof LongPollingConnection polling) return polling.poll(exchange);
    if (existing != null) return cannotChange(exchange, existing);
    if (endpoint.httpConnections().isFinished(token)) {
      exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
      return exchange.getResponse().setComplete();
    }
    return open(exchange, token, TransportType.LONG_POLLING);
  }

  /** The first request of a negotiated connection claims its token and picks the transport. */
  private Mono<Void> open(ServerWebExchange exchange, String token, TransportType transport) {
    String[] claimed = new String[2];
    switch (endpoint.tokens().claim(token, claimed)) {
      case UNKNOWN -> {
        return unknown(exchange);
      }
      case IN_USE -> {
        return misuse(exchange, HttpStatus.CONFLICT, "Connection ID is already in use");
      }
      default -> { }
    }
    ConnectionLimiter limiter = endpoint.limiter();
    if (!limiter.openSocket()) {
      limiter.releaseIp(claimed[1]);
      endpoint.tokens().release(token);
      return filter.refuseNodeFull(exchange);
    }
    ConnectionInfo info = filter.infoOf(claimed[0], exchange.getRequest(), transport);
    if (transport == TransportType.SERVER_SENT_EVENTS) {
      ServerSentEventsConnection connection = new ServerSentEventsConnection(endpoint, token, claimed[1], info);
      register(token, connection);
      return connection.run(exchange);
    }
    LongPollingConnection connection = new LongPollingConnection(endpoint, token, claimed[1], info);
    register(token, connection);
    return connection.firstPoll(exchange);
  }

  private void register(String token, HttpConnection connection) {
    endpoint.httpConnections().add(token, connection);
    endpoint.attached(connection);
  }

  private Mono<Void> send(ServerWebExchange exchange, String token) {
    HttpConnection connection = endpoint.httpConnections().get(token);
    if (connection != null) return connection.receive(exchange);
    if (endpoint.tokens().inUse(token)) {
      return misuse(exchange, HttpStatus.METHOD_NOT_ALLOWED, "POST requests are not allowed for WebSocket connections");
    }
    return unknown(exchange);
  }

  private Mono<Void> delete(ServerWebExchange exchange, String token) {
    HttpConnection connection = endpoint.httpConnections().get(token);
    if (connection instanceof LongPollingConnection polling) return polling.delete(exchange);
    if (connection != null) {
      return misuse(exchange, HttpStatus.BAD_REQUEST, "Cannot terminate this connection using the DELETE endpoint");
    }
    return unknown(exchange);
  }

  private Mono<Void> cannotChange(ServerWebExchange exchange, HttpConnection existing) {
    return misuse(exchange, HttpStatus.BAD_REQUEST,
        "Cannot change transports mid-connection: this connection uses " + existing.info().transport());
  }

  Mono<Void> disabled(ServerWebExchange exchange, TransportType transport, String hint) {
    return misuse(exchange, HttpStatus.NOT_FOUND,
        transport.wireName() + " transport is not enabled on this hub" + hint);
  }

  private static Mono<Void> unknown(ServerWebExchange exchange) {
    return HubWebFilter.answer(exchange, HttpStatus.NOT_FOUND, NegotiateAnswers.error("No Connection with that ID"));
  }

  private Mono<Void> misuse(ServerWebExchange exchange, HttpStatus status, String message) {
    endpoint.metrics().error(BAD_REQUEST);
    return HubWebFilter.answer(exchange, status, NegotiateAnswers.error(message));
  }
}
