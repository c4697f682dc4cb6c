package io.hubscope.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RawEchoServerIT {

  @Test
  void metrics_reportTheHeapBytesAllocatedTheWayBenchReadsThem() throws Exception {
    try (RawEchoServer server = new RawEchoServer("127.0.0.1", 0)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + RawEchoServer.METRICS_PATH)).build();

      double first = ServerProbe.allocatedBytes(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
      byte[] garbage = new byte[4 << 20];
      double second = ServerProbe.allocatedBytes(http.send(request, HttpResponse.BodyHandlers.ofString()).body());

      assertThat(first).isPositive();
      assertThat(second - first).isGreaterThanOrEqualTo(garbage.length);
    }
  }
}
