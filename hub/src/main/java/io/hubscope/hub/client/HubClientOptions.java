package io.hubscope.hub.client;

import io.hubscope.hub.transport.TransportType;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.JsonMappers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/** The settings of a {@link HubClient}, as validated by its builder. */
record HubClientOptions(
    String baseUrl,
    HubProtocol protocol,
    Map<String, String> headers,
    String userAgent,
    String accessToken,
    boolean skipNegotiation,
    HttpClient httpClient,
    Duration handshakeTimeout,
    Duration keepAliveInterval,
    Duration serverTimeout,
    InetSocketAddress bindAddress,
    int maxMessageSize,
    JsonMapper jsonMapper,
    Duration invocationTimeout,
    int maxNegotiateResponseSize,
    TransportType transport,
    boolean followRedirects) {

  static final JsonMapper DEFAULT_MAPPER = JsonMappers.builder().build();
}
