package io.hubscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.loadtest.profile.Profile;
import io.hubscope.loadtest.run.LoadTest;
import io.hubscope.loadtest.run.LoadTestResult;
import io.hubscope.loadtest.run.LoadTestSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compose stack's {@code monitoring} profile: Prometheus' configuration and alert rules pass
 * {@code promtool} (with the rules' own unit tests), and every metric the Grafana dashboard and the
 * alert rules query is one that a scrape of the running stack (bin/demo, under echo load) has.
 */
class MonitoringIT {

  static final Path MONITORING = DemoStack.ROOT.resolve("monitoring");
  static final Path DASHBOARD = MONITORING.resolve("grafana/dashboards/hubscope.json");
  static final Path RULES = MONITORING.resolve("prometheus/alerts.yml");
  /** A metric name in PromQL: ours, and the JVM and process meters Micrometer binds. */
  static final Pattern METRIC = Pattern.compile("\\b(?:hubscope|jvm|process|system)_[a-z0-9_]+\\b");
  static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path temp;

  @Test
  void promtool_acceptsTheConfigurationAndTheRules_andTheRulesFireAsTheirUnitTestsSay() throws Exception {
    // As the container's entrypoint does: the folder copied, the credentials written beside it.
    Path config = temp.resolve("config");
    Files.createDirectories(config.resolve("secrets"));
    try (Stream<Path> files = Files.list(MONITORING.resolve("prometheus"))) {
      for (Path file : files.toList()) Files.copy(file, config.resolve(file.getFileName()));
    }
    Files.writeString(config.resolve("secrets/management-token"), "a-token");
    Files.writeString(config.resolve("secrets/observer-password"), "a-password");

    assertPromtool(config, "check", "config", "prometheus.yml");
    assertPromtool(config, "check", "rules", "alerts.yml");
    assertPromtool(config, "test", "rules", "alerts.test.yml");
  }

  @Test
  void everyMetricTheDashboardAndTheAlertsQuery_isInAScrapeOfTheRunningStack() throws Exception {
    Set<String> queried = new TreeSet<>(queriedMetrics());
    assertThat(queried).as("the dashboard and the rules query our meters").anyMatch(m -> m.startsWith("hubscope_"));

    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    try (DemoStack stack = DemoStack.start(Map.of("HUBSCOPE_MANAGEMENT_TOKEN", token), 240)) {
      // Echo traffic through both proxies: the hub dispatches, the proxies forward, the taps send.
      LoadTestSettings settings = new LoadTestSettings(stack.proxyHubs(), Profile.ECHO, 20,
          Duration.ofSeconds(6), Duration.ofSeconds(1), Duration.ofSeconds(1), 200, 1, "json", List.of(), 0, false);
      LoadTestResult result = new LoadTest(settings, QUIET).run();
      assertThat(result.received()).as("the load reached the app server and back").isPositive();

      HttpClient http = HttpClient.newHttpClient();
      String basic = "Basic " + Base64.getEncoder().encodeToString(
          (stack.user + ":" + stack.password).getBytes(StandardCharsets.UTF_8));
      Set<String> scraped = new TreeSet<>();
      scraped.addAll(scrape(http, stack.observerPort, basic));
      scraped.addAll(scrape(http, stack.appPort, "Bearer " + token));
      for (int port : stack.proxyPorts) scraped.addAll(scrape(http, port, "Bearer " + token));

      assertThat(scraped).as("scraped metric names").containsAll(queried);
    }
  }

  /** The metric names the Grafana dashboard's panels and the alert rules' expressions name. */
  static List<String> queriedMetrics() throws IOException {
    List<String> exprs = new ArrayList<>();
    JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
          .isEqualTo("hubscope-prometheus");
      assertThat(panel.path("targets").isEmpty()).as(panel.path("title") + " has queries").isFalse();
      for (JsonNode target : panel.path("targets")) exprs.add(target.path("expr").asString());
    }
    Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
    for (Object group : (List<?>) rules.get("groups")) {
      for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) exprs.add(String.valueOf(((Map<?, ?>) rule).get("expr")));
    }
    List<String> names = new ArrayList<>();
    for (String expr : exprs) {
      Matcher m = METRIC.matcher(expr);
      while (m.find()) names.add(m.group());
    }
    return names;
  }

  /** The metric names of one process' {@code /actuator/prometheus}. */
  static Set<String> scrape(HttpClient http, int port, String authorization) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
        .header("Authorization", authorization).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("scrape of port " + port + ": " + response.body()).isEqualTo(200);
    Set<String> names = new TreeSet<>();
    for (String line : response.body().split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) continue;
      int end = line.indexOf('{');
      names.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
    }
    return names;
  }

  static void assertPromtool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
  }
}
