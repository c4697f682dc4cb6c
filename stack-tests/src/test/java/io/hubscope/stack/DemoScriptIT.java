package io.hubscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * bin/demo as a user runs it, on free ports with a short load: every process gets healthy, the
 * observer's API shows both proxies and live connections, and 'bin/demo stop' leaves nothing running.
 */
class DemoScriptIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void demo_startsTheStack_observerSeesBothProxiesAndTraffic_stopLeavesNothing() throws Exception {
    Path logs = Files.createTempDirectory("hubscope-demo-logs");
    Path data = Files.createTempDirectory("hubscope-demo-data");
    int[] ports = DemoStack.freePorts(4);
    List<String> command = List.of("bin/demo", "--no-build", "--detach", "--clients", "40",
        "--observer-port", "" + ports[0], "--app-port", "" + ports[1], "--proxy-ports", ports[2] + "," + ports[3]);
    Process demo = DemoStack.run(command, logs, data, Map.of());
    assertThat(demo.waitFor(240, TimeUnit.SECONDS)).as("bin/demo started within 4 minutes").isTrue();
    String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    List<Long> pids = DemoStack.pids(logs);
    try {
      assertThat(demo.exitValue()).as(out).isZero();
      assertThat(out).contains("Dashboard:  http://localhost:" + ports[0] + "/");
      Matcher login = Pattern.compile("login: (\\S+) / (\\S+)").matcher(out);
      assertThat(login.find()).as(out).isTrue();
      String auth = "Basic " + Base64.getEncoder().encodeToString(
          (login.group(1) + ":" + login.group(2)).getBytes(StandardCharsets.UTF_8));
      String api = "http://127.0.0.1:" + ports[0] + "/api/v1";

      assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/summary")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      String nodes = "";
      long active = 0;
      while (System.nanoTime() < deadline) {
        nodes = get(api + "/nodes?seconds=0", auth);
        JsonNode page = JSON.readTree(get(api + "/connections?state=active&size=1", auth));
        active = page.path("total").asLong();
        if (nodes.contains("proxy-1") && nodes.contains("proxy-2") && active > 0) break;
        Thread.sleep(1000);
      }
      assertThat(nodes).contains("proxy-1").contains("proxy-2");
      assertThat(active).as("live connections seen by the observer").isPositive();
    } finally {
      Process stop = DemoStack.run(List.of("bin/demo", "stop"), logs, data, Map.of());
      assertThat(stop.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(pids).hasSizeGreaterThanOrEqualTo(4);
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process " + pid + " stopped")
          .isFalse();
    }
    assertThat(logs.resolve("demo.pids")).doesNotExist();
  }

  String get(String url, String auth) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
    return response.body();
  }
}
