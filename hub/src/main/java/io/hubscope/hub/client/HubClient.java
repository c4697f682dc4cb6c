package io.hubscope.hub.client;

import io.hubscope.hub.transport.TransportType;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A SignalR hub client: negotiates (following {@code url}/{@code accessToken} redirects), opens the
 * transport (a WebSocket by default; Server-Sent Events or long polling when asked), does the
 * handshake and hands back a {@link HubClientConnection}.
 *
 * <p>Built for load: a client is immutable configuration, connections share the event loops of the
 * given {@link HttpClient}, and no thread or Flux is created per connection or per target. Many
 * connections may be opened from one client.
 *
 * <pre>{@code
 * HubClient client = HubClient.builder("http://localhost:8081/dotnetify").build();
 * client.connect()
 *     .doOnNext(c -> c.on("Response_VM", args -> render(args.get(0))))
 *     .flatMap(c -> c.invoke("Request_VM", "HelloWorld", Map.of()))
 *     .block();
 * }</pre>
 */
public final class HubClient {

  private final HubClientOptions options;
  private final HttpClient http;

  private HubClient(HubClientOptions options) {
    this.options = options;
    this.http = configure(options);
  }

  /** Starts a client for the hub at {@code baseUrl}, e.g. {@code http://localhost:8081/dotnetify}. */
  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  /**
   * Negotiates (unless negotiation is skipped), opens the WebSocket and completes the handshake.
   * Fails with {@link HubConnectException} when any step is refused or the handshake times out.
   * Register handlers in the subscriber of this Mono (e.g. {@code doOnNext}) so that they see
   * messages sent right after the handshake.
   */
  public Mono<HubClientConnection> connect() {
    Mono<Negotiator.Endpoint> endpoint = options.skipNegotiation()
        ? Mono.just(new Negotiator.Endpoint(options.baseUrl(), null, null, options.accessToken()))
        : new Negotiator(http, options).negotiate();
    return endpoint.flatMap(e -> options.transport() == TransportType.WEB_SOCKETS
        ? new WebSocketConnector(http, options).open(e)
        : new HttpTransportConnector(http, options).open(e));
  }

  /** The hub's base URL as given to the builder. */
  public String baseUrl() {
    return options.baseUrl();
  }

  private static HttpClient configure(HubClientOptions options) {
    HttpClient http = options.httpClient().headers(h -> {
      options.headers().forEach(h::set);
      if (options.userAgent() != null) h.set(HttpHeaderNames.USER_AGENT, options.userAgent());
    });
    if (options.bindAddress() != null) {
      InetSocketAddress bind = options.bindAddress();
      http = http.bindAddress(() -> bind);
    }
    return http;
  }

  /** Configures a {@link HubClient}; every setting has a default but the base URL. */
  public static final class Builder {
    private final String baseUrl;
    private HubProtocol protocol = HubProtocols.JSON;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String userAgent;
    private String accessToken;
    private boolean skipNegotiation;
    private HttpClient httpClient;
    private Duration handshakeTimeout = Duration.ofSeconds(15);
    private Duration keepAliveInterval = Duration.ofSeconds(15);
    private Duration serverTimeout = Duration.ofSeconds(30);
    private InetSocketAddress bindAddress;
    private int maxMessageSize = 1024 * 1024;
    private JsonMapper jsonMapper;
    private Duration invocationTimeout;
    private int maxNegotiateResponseSize = 64 * 1024;
    private TransportType transport = TransportType.WEB_SOCKETS;
    private boolean followRedirects = true;

    Builder(String baseUrl) {
      if (baseUrl == null || !baseUrl.matches("(?i)(http|https|ws|wss)://.+")) {
        throw new IllegalArgumentException("baseUrl must be an http(s) or ws(s) URL: " + baseUrl);
      }
      this.baseUrl = baseUrl;
    }

    /** The hub protocol, {@link HubProtocols#JSON} by default. */
    public Builder protocol(HubProtocol protocol) {
      if (protocol == null) throw new IllegalArgumentException("protocol == null");
      this.protocol = protocol;
      return this;
    }

    /** A header sent with negotiate and the WebSocket upgrade. */
    public Builder header(String name, String value) {
      if (name == null || value == null) throw new IllegalArgumentException("header name or value == null");
      headers.put(name, value);
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /**
     * A bearer token: sent as {@code Authorization} to negotiate and as the {@code access_token}
     * query parameter of the WebSocket, as the official clients do. A negotiate redirect replaces it.
     */
    public Builder accessToken(String accessToken) {
      this.accessToken = accessToken;
      return this;
    }

    /** Connects the WebSocket to the base URL directly, without negotiate (no connection id). */
    public Builder skipNegotiation(boolean skipNegotiation) {
      this.skipNegotiation = skipNegotiation;
      return this;
    }

    /** The HTTP client to build on, so that many clients share event loops and connection pools. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout, "handshakeTimeout");
      return this;
    }

    /** How long the client may stay silent before it sends a ping; 15 s by default. */
    public Builder keepAliveInterval(Duration interval) {
      this.keepAliveInterval = positive(interval, "keepAliveInterval");
      return this;
    }

    /** How long the server may stay silent before the connection is closed; 30 s by default. */
    public Builder serverTimeout(Duration timeout) {
      this.serverTimeout = positive(timeout, "serverTimeout");
      return this;
    }

    /** The local address to connect from (port 0 picks any), to spread load over source IPs. */
    public Builder bindAddress(InetSocketAddress address) {
      this.bindAddress = address;
      return this;
    }

    /** The local host or IP to connect from, on any port. */
    public Builder bindAddress(String host) {
      this.bindAddress = host == null ? null : new InetSocketAddress(host, 0);
      return this;
    }

    /** The largest single hub message accepted from the server; 1 MiB by default. */
    public Builder maxMessageSize(int maxMessageSize) {
      if (maxMessageSize < 1) throw new IllegalArgumentException("maxMessageSize < 1: " + maxMessageSize);
      this.maxMessageSize = maxMessageSize;
      return this;
    }

    /**
     * How long an {@link HubClientConnection#invoke invocation} may wait for its completion before
     * it fails with a {@link java.util.concurrent.TimeoutException}; none by default. Checked on
     * the connection's event loop a few times per timeout (at least once a second), so it costs no
     * timer per call, and a call may run over by that much.
     */
    public Builder invocationTimeout(Duration timeout) {
      this.invocationTimeout = positive(timeout, "invocationTimeout");
      return this;
    }

    /**
     * The largest negotiate answer read, in bytes; 64 KB by default (real answers are a few hundred
     * bytes). A larger one fails the connect with a {@link HubConnectException} after reading no
     * more than this, so a hostile or broken server cannot make the client buffer without bound.
     */
    public Builder maxNegotiateResponseSize(int bytes) {
      if (bytes < 1) throw new IllegalArgumentException("maxNegotiateResponseSize < 1: " + bytes);
      this.maxNegotiateResponseSize = bytes;
      return this;
    }

    /**
     * The transport; {@link TransportType#WEB_SOCKETS} by default. The server must offer it in its
     * negotiate answer (with binary frames for a binary protocol), or the connect fails.
     */
    public Builder transport(TransportType transport) {
      if (transport == null) throw new IllegalArgumentException("transport == null");
      this.transport = transport;
      return this;
    }

    /**
     * Whether a negotiate redirect ({@code url} + {@code accessToken}) is followed, as the official
     * clients do (the default). Off, a redirect fails the connect with a {@link HubConnectException}:
     * for a link that must reach exactly the configured server, such as a tap that takes commands.
     */
    public Builder followRedirects(boolean followRedirects) {
      this.followRedirects = followRedirects;
      return this;
    }

    /** The mapper that turns invocation arguments into trees; a default one otherwise. */
    public Builder jsonMapper(JsonMapper jsonMapper) {
      this.jsonMapper = jsonMapper;
      return this;
    }

    public HubClient build() {
      if (serverTimeout.compareTo(keepAliveInterval) <= 0) {
        throw new IllegalArgumentException("serverTimeout (" + serverTimeout
            + ") must be longer than keepAliveInterval (" + keepAliveInterval + ")");
      }
      if (protocol.isBinary() && !transport.supportsBinary()) {
        throw new IllegalArgumentException(transport.wireName() + " carries text only: use the JSON protocol, not "
            + protocol.name());
      }
      if (skipNegotiation && transport != TransportType.WEB_SOCKETS) {
        throw new IllegalArgumentException("skipNegotiation needs the WebSockets transport, not " + transport.wireName());
      }
      return new HubClient(new HubClientOptions(baseUrl, protocol, Collections.unmodifiableMap(new LinkedHashMap<>(headers)), userAgent,
          accessToken, skipNegotiation, httpClient != null ? httpClient : HttpClient.create(),
          handshakeTimeout, keepAliveInterval, serverTimeout, bindAddress, maxMessageSize,
          jsonMapper != null ? jsonMapper : HubClientOptions.DEFAULT_MAPPER, invocationTimeout,
          maxNegotiateResponseSize, transport, followRedirects));
    }

    private static Duration positive(Duration duration, String name) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + duration);
      }
      return duration;
    }
  }
}
