package io.hubscope.hub.client;

import io.hubscope.hub.transport.TransportType;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * Opens a negotiated endpoint over Server-Sent Events or long polling: starts the receive stream
 * ({@code GET} with {@code Accept: text/event-stream}, or the first poll), and once it is open
 * (the event stream's 200, the first poll's answer: the server knows the connection's transport
 * from then on) sends the handshake in a {@code POST}; what arrives goes to a
 * {@link HandshakeGate}, on one event loop per connection.
 */
final class HttpTransportConnector {

  /** The most a POST carries when several messages wait; a single larger message still goes alone. */
  private static final int MAX_POST_BYTES = 64 * 1024;

  private final HttpClient http;
  private final HubClientOptions options;

  HttpTransportConnector(HttpClient http, HubClientOptions options) {
    this.http = http;
    this.options = options;
  }

  Mono<HubClientConnection> open(Negotiator.Endpoint endpoint) {
    URI uri = Negotiator.uri(endpoint.transportUrl());
    HttpClient client = endpoint.accessToken() == null ? http
        : http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + endpoint.accessToken()));
    String transport = options.transport().wireName();
    return Mono.<HubClientConnection>create(sink -> {
      EventLoop loop = eventLoop(client);
      AtomicReference<HandshakeGate> gate = new AtomicReference<>();
      HttpLink link = new HttpLink(client, uri, loop, MAX_POST_BYTES, error -> gate.get().onClosed(error, transport));
      gate.set(new HandshakeGate(link, options, endpoint, sink));
      loop.execute(() -> {
        Runnable opened = () -> loop.execute(() -> gate.get().start());
        link.receiving(receive(client, uri, opened).subscribe(
            bytes -> loop.execute(() -> gate.get().onBytes(ByteBuffer.wrap(bytes))),
            error -> loop.execute(() -> {
              link.receiveEnded();
              gate.get().onClosed(error, transport);
            }),
            () -> loop.execute(() -> {
              link.receiveEnded();
              gate.get().onClosed(null, transport);
            })));
      });
      sink.onCancel(() -> loop.execute(() -> gate.get().abort()));
    }).timeout(options.handshakeTimeout(), Mono.error(() -> new HubConnectException(
        "No handshake answer from " + endpoint.url() + " over " + transport + " within " + options.handshakeTimeout())));
  }

  /** What the server sends, in order; {@code opened} runs once, when the stream is open. */
  private Flux<byte[]> receive(HttpClient client, URI uri, Runnable opened) {
    return options.transport() == TransportType.SERVER_SENT_EVENTS
        ? serverSentEvents(client, uri, opened)
        : longPolls(client, uri, opened);
  }

  /** The event stream's data, event by event; completes when the server ends the stream. */
  private Flux<byte[]> serverSentEvents(HttpClient client, URI uri, Runnable opened) {
    int maxEvent = options.maxMessageSize() + 64;
    return client.headers(h -> h.set(HttpHeaderNames.ACCEPT, "text/event-stream"))
        // An event stream stays open; the keep-alive, not a response timeout, watches it.
        .responseTimeout(Duration.ofDays(365))
        .get().uri(uri)
        .response((response, body) -> {
          int status = response.status().code();
          if (status != 200) {
            return Flux.error(new HubConnectException("Server-Sent Events at " + uri.getPath() + " answered HTTP " + status));
          }
          opened.run();
          List<byte[]> events = new ArrayList<>();
          SseEvents parser = new SseEvents(maxEvent, events::add);
          return body.asByteArray().concatMapIterable(chunk -> {
            events.clear();
            parser.feed(chunk);
            return List.copyOf(events);
          });
        });
  }

  /**
   * Poll after poll until the server answers 204 (the connection ended). An empty 200 (the first
   * poll, or a poll that timed out on the server) just polls again.
   */
  private Flux<byte[]> longPolls(HttpClient client, URI uri, Runnable opened) {
    int maxBody = (int) Math.min(Integer.MAX_VALUE - 8, 8L * options.maxMessageSize());
    // The server holds a poll until it has something or its poll timeout passes; its pings every
    // keep-alive interval end a poll long before the server timeout.
    HttpClient poller = client.responseTimeout(options.serverTimeout().multipliedBy(2));
    Mono<LongPoll> poll = poller.get().uri(uri)
        .response((response, body) -> body.asByteArray()
            .reduce(new BoundedBytes(maxBody), (bytes, chunk) -> {
              if (!bytes.add(chunk)) {
                throw new HubConnectException("A long poll answered more than " + maxBody + " bytes");
              }
              return bytes;
            })
            .defaultIfEmpty(new BoundedBytes(0))
            .map(bytes -> new LongPoll(response.status().code(), bytes.toArray())))
        .next();
    boolean[] open = {false}; // one poll at a time, so no two threads see it at once
    return poll.repeat()
        .takeUntil(p -> p.status() != 200)
        .doOnNext(p -> {
          if (!open[0] && p.status() == 200) {
            open[0] = true;
            opened.run();
          }
        })
        .concatMap(p -> {
          if (p.status() == 204) return Flux.empty();
          if (p.status() != 200) {
            return Flux.error(new HubConnectException("Long poll at " + uri.getPath() + " answered HTTP " + p.status()));
          }
          return p.body().length == 0 ? Flux.empty() : Flux.just(p.body());
        });
  }

  private record LongPoll(int status, byte[] body) {
  }

  private static EventLoop eventLoop(HttpClient http) {
    LoopResources loops = http.configuration().loopResources();
    return (EventLoop) loops.onClient(http.configuration().isPreferNative()).next();
  }
}
