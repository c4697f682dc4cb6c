package io.hubscope.loadtest.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The observer's live streams a dashboard keeps open (overview, connections, messages, nodes), read
 * as Server-Sent Events while the ingest benchmark runs, counting the snapshots each delivers so the
 * benchmark can show they stayed live.
 */
final class LiveStreams implements AutoCloseable {

  /** What the dashboard's pages subscribe to (overview, nodes, connections, messages), as they ask. */
  static final List<String> DASHBOARD = List.of("/api/v1/live/summary", "/api/v1/live/throughput?seconds=899",
      "/api/v1/live/nodes", "/api/v1/live/nodes?seconds=900",
      "/api/v1/live/connections?state=active&sort=openedAt,desc&page=0&size=50", "/api/v1/live/messages");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, AtomicLong> snapshots = new LinkedHashMap<>();
  private final List<InputStream> bodies = new CopyOnWriteArrayList<>();

  /** Opens every stream and reads each on its own daemon thread; fails when one is refused. */
  LiveStreams(String baseUrl, String authorization, List<String> paths) throws IOException, InterruptedException {
    for (String path : paths) {
      AtomicLong count = new AtomicLong();
      snapshots.put(path, count);
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
          .header("Authorization", authorization).header("Accept", "text/event-stream").build();
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        response.body().close();
        close();
        throw new IOException(path + " answered " + response.statusCode());
      }
      bodies.add(response.body());
      Thread reader = new Thread(() -> count(response.body(), count), "sse " + path);
      reader.setDaemon(true);
      reader.start();
    }
  }

  private static void count(InputStream body, AtomicLong count) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("data:")) count.incrementAndGet();
      }
    } catch (IOException e) {
      // closed by close(), or the observer went away: the count stops here, which the report shows
    }
  }

  /** Snapshots received so far per stream path. */
  Map<String, Long> snapshots() {
    Map<String, Long> now = new LinkedHashMap<>();
    snapshots.forEach((path, n) -> now.put(path, n.get()));
    return now;
  }

  @Override
  public void close() {
    for (InputStream body : bodies) {
      try {
        body.close();
      } catch (IOException e) {
        // already gone
      }
    }
  }
}
