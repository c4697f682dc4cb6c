package io.hubscope.hub.client;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST {url}/negotiate?negotiateVersion=1}, following {@code url} + {@code accessToken}
 * redirects the way the official clients do (the new token is sent as a bearer token to the next
 * negotiate and then to the WebSocket).
 */
final class Negotiator {

  static final int MAX_REDIRECTS = 10;

  /** Where to open the transport and with what. {@code connectionToken} is null without negotiate. */
  record Endpoint(String url, String connectionToken, String connectionId, String accessToken) {

    /** {@code {url}?id={token}&access_token={token}}, keeping the hub URL's own query. */
    String transportUrl() {
      StringBuilder target = new StringBuilder(url);
      char separator = url.indexOf('?') < 0 ? '?' : '&';
      if (connectionToken != null) {
        target.append(separator).append("id=").append(encode(connectionToken));
        separator = '&';
      }
      if (accessToken != null) {
        target.append(separator).append("access_token=").append(encode(accessToken));
      }
      return target.toString();
    }

    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
  }

  private final HttpClient http;
  private final HubClientOptions options;

  Negotiator(HttpClient http, HubClientOptions options) {
    this.http = http;
    this.options = options;
  }

  Mono<Endpoint> negotiate() {
    return Mono.defer(() -> negotiate(options.baseUrl(), options.accessToken(), 0));
  }

  private Mono<Endpoint> negotiate(String url, String accessToken, int redirects) {
    String negotiateUrl = negotiateUrl(url);
    URI uri = uri(negotiateUrl);
    HttpClient client = accessToken == null ? http
        : http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + accessToken));
    return client.post()
        .uri(uri)
        // An empty Mono body gets "Content-Length: 0" rather than an empty chunked body.
        .send(Mono.just(Unpooled.EMPTY_BUFFER))
        .response((response, body) -> {
          int max = options.maxNegotiateResponseSize();
          long declared = response.responseHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
          if (declared > max) return Mono.error(tooLarge(negotiateUrl, " (" + declared + " bytes)", max));
          // Copied chunk by chunk (each buffer released at once) and cut off past the bound: a huge
          // answer never piles up in direct memory; the cancel closes the connection.
          return body.asByteArray()
              .reduce(new BoundedBytes(max), (bytes, chunk) -> {
                if (!bytes.add(chunk)) throw tooLarge(negotiateUrl, "", max);
                return bytes;
              })
              .map(bytes -> {
                byte[] answer = bytes.toArray();
                int status = response.status().code();
                if (status < 200 || status > 299) {
                  throw new HubConnectException("Negotiate at " + negotiateUrl + " failed: HTTP "
                      + response.status() + snippet(answer));
                }
                return parse(negotiateUrl, answer);
              });
        })
        .next()
        .onErrorMap(e -> !(e instanceof HubConnectException),
            e -> new HubConnectException("Negotiate at " + negotiateUrl + " failed: " + e, e))
        .flatMap(answer -> {
          String redirect = answer.path("url").stringValue(null);
          if (redirect == null) return Mono.just(endpoint(url, accessToken, answer, negotiateUrl));
          if (!options.followRedirects()) {
            return Mono.error(new HubConnectException("Negotiate at " + negotiateUrl + " redirected to " + redirect
                + ", and this client follows no redirects"));
          }
          if (redirects >= MAX_REDIRECTS) {
            return Mono.error(new HubConnectException(
                "Negotiate redirected more than " + MAX_REDIRECTS + " times, last to " + redirect));
          }
          String token = answer.path("accessToken").stringValue(accessToken);
          return negotiate(redirect, token, redirects + 1);
        });
  }

  private JsonNode parse(String negotiateUrl, byte[] bytes) {
    JsonNode answer;
    try {
      answer = options.jsonMapper().readTree(bytes);
    } catch (JacksonException e) {
      throw new HubConnectException("Negotiate at " + negotiateUrl + " answered invalid JSON" + snippet(bytes), e);
    }
    if (answer == null || !answer.isObject()) {
      throw new HubConnectException("Negotiate at " + negotiateUrl + " answered no JSON object" + snippet(bytes));
    }
    String error = answer.path("error").stringValue(null);
    if (error != null) throw new HubConnectException("Negotiate refused: " + error);
    return answer;
  }

  private Endpoint endpoint(String url, String accessToken, JsonNode answer, String negotiateUrl) {
    // Version 1 separates the secret connection token from the public connection id; version 0
    // uses the id for both.
    String connectionId = answer.path("connectionId").stringValue(null);
    String token = answer.path("negotiateVersion").asInt(0) >= 1
        ? answer.path("connectionToken").stringValue(null)
        : connectionId;
    if (token == null) {
      throw new HubConnectException("Negotiate at " + negotiateUrl + " answered no connection token");
    }
    JsonNode transports = answer.get("availableTransports");
    if (transports != null && transports.isArray() && !offersTransport(transports)) {
      throw new HubConnectException("The server at " + url + " offers no " + options.transport().wireName()
          + " transport" + (options.protocol().isBinary() ? " with binary frames" : ""));
    }
    return new Endpoint(url, token, connectionId, accessToken);
  }

  private boolean offersTransport(JsonNode transports) {
    String format = options.protocol().isBinary() ? "Binary" : "Text";
    for (JsonNode transport : transports) {
      if (!options.transport().wireName().equals(transport.path("transport").stringValue(null))) continue;
      JsonNode formats = transport.get("transferFormats");
      if (formats == null || !formats.isArray()) return true;
      for (JsonNode f : formats) {
        if (format.equals(f.stringValue(null))) return true;
      }
    }
    return false;
  }

  /** {@code {path}/negotiate?{query&}negotiateVersion=1}, keeping the hub URL's own query. */
  static String negotiateUrl(String url) {
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    String query = q < 0 ? "" : url.substring(q + 1);
    if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
    StringBuilder negotiate = new StringBuilder(path).append("/negotiate?");
    if (!query.isEmpty()) negotiate.append(query).append('&');
    return negotiate.append("negotiateVersion=1").toString();
  }

  /**
   * The URL as a {@link URI}: Reactor Netty parses a URL given as a string with its own pattern,
   * which takes a one-digit port for part of the host name ("Failed to resolve '127.0.0.1:1'").
   */
  static URI uri(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null) throw new HubConnectException("Not a URL with a host: " + url);
      return uri;
    } catch (URISyntaxException e) {
      throw new HubConnectException("Not a valid URL: " + url + " (" + e.getReason() + ")", e);
    }
  }

  private static HubConnectException tooLarge(String negotiateUrl, String size, int max) {
    return new HubConnectException("Negotiate at " + negotiateUrl + " failed: the answer" + size
        + " is larger than the limit of " + max + " bytes (HubClient.Builder.maxNegotiateResponseSize)");
  }

  private static String snippet(byte[] body) {
    if (body.length == 0) return "";
    String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    return ": " + text;
  }
}
