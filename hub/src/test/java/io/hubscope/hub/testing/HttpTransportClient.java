package io.hubscope.hub.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Speaks the SignalR HTTP transports by hand (TransportProtocols.md), for tests that check each
 * status code: negotiate, long polls, sends, DELETE, and an event stream read line by line into an
 * {@link Inbox}. Blocking calls, for test threads only.
 */
public final class HttpTransportClient {

  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String url;
  private final String token;

  private HttpTransportClient(String url, String token) {
    this.url = url;
    this.token = token;
  }

  /** Negotiates (version 1) with the hub at {@code url} and keeps the connection token. */
  public static HttpTransportClient negotiate(String url) {
    return new HttpTransportClient(url, negotiateAnswer(url, "1").get("connectionToken").asString());
  }

  /** A client for {@code token}, negotiated or not (for unknown ids). */
  public static HttpTransportClient forToken(String url, String token) {
    return new HttpTransportClient(url, token);
  }

  public static JsonNode negotiateAnswer(String url, String version) {
    String query = version == null ? "" : "?negotiateVersion=" + version;
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url + "/negotiate" + query))
        .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  public String token() {
    return token;
  }

  private URI uri() {
    return URI.create(url + "?id=" + token);
  }

  public HttpResponse<byte[]> poll() {
    return send(HttpRequest.newBuilder(uri()).GET(), HttpResponse.BodyHandlers.ofByteArray());
  }

  public CompletableFuture<HttpResponse<byte[]>> pollAsync() {
    return HTTP.sendAsync(HttpRequest.newBuilder(uri()).timeout(WAIT.multipliedBy(3)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  public HttpResponse<String> post(String text) {
    return post(text.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> post(byte[] body) {
    return send(HttpRequest.newBuilder(uri()).POST(HttpRequest.BodyPublishers.ofByteArray(body)),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> delete() {
    return send(HttpRequest.newBuilder(uri()).DELETE(), HttpResponse.BodyHandlers.ofString());
  }

  /** A GET with the given Accept header (none when null), answered as text. */
  public HttpResponse<String> get(String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri()).timeout(WAIT).GET();
    if (accept != null) b.header("Accept", accept);
    return send(b, HttpResponse.BodyHandlers.ofString());
  }

  /** The events of a Server-Sent Events stream. */
  public static final class EventStream implements AutoCloseable {
    public final int status;
    public final String contentType;
    private final Inbox<String> data = new Inbox<>();
    private final Thread reader;
    private final HttpResponse<java.io.InputStream> response;

    EventStream(HttpResponse<java.io.InputStream> response) {
      this.response = response;
      this.status = response.statusCode();
      this.contentType = response.headers().firstValue("Content-Type").orElse("");
      this.reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        StringBuilder event = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("data: ")) {
            if (event.length() > 0) event.append('\n');
            event.append(line.substring(6));
          } else if (line.isEmpty() && event.length() > 0) {
            data.add(event.toString());
            event.setLength(0);
          }
        }
        data.add("<end>");
      } catch (IOException e) {
        data.add("<end>");
      }
    }

    /** The next event's data, or {@code <end>} when the stream ended; null when none came in time. */
    public String next(Duration timeout) {
      return data.next(timeout);
    }

    @Override
    public void close() {
      reader.interrupt();
      try {
        response.body().close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  public EventStream eventStream() {
    return new EventStream(send(HttpRequest.newBuilder(uri()).header("Accept", "text/event-stream").GET(),
        HttpResponse.BodyHandlers.ofInputStream()));
  }

  private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return HTTP.send(request.build(), handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
