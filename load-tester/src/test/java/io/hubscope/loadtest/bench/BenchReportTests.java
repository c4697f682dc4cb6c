package io.hubscope.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.loadtest.bench.Measurement.ServerFigures;
import io.hubscope.loadtest.bench.Scenario.Target;
import io.hubscope.loadtest.profile.Profile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTests {

  static final Scenario VIA_PROXY = new Scenario("echo 1 proxy 1000", Profile.ECHO, 1000, 1, 1, Target.ONE_PROXY,
      Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(1), null, null);

  static Measurement measured(Map<String, ServerFigures> servers) {
    return new Measurement(20_000, 1.5, 4.5, 0, 0, 0, 9.5, 800, servers, Double.NaN, true, null, Double.NaN, null);
  }

  static Map<String, ServerFigures> servers(double appMicros, double appBytes) {
    Map<String, ServerFigures> servers = new LinkedHashMap<>();
    servers.put("app-server", new ServerFigures(40, 500, appMicros, appBytes));
    servers.put("proxy-1", new ServerFigures(90, 800, 45, 3000));
    servers.put("raw-echo", new ServerFigures(1, 200, 0.5, 10)); // serves no proxy row
    return servers;
  }

  @Test
  void serversTotal_addsUpTheServersOfTheRowOnly() {
    Measurement m = measured(servers(20, 1500));

    assertThat(BenchReport.serversTotal(m, VIA_PROXY, ServerFigures::cpuMicrosPerMessage)).isEqualTo(65);
    assertThat(BenchReport.serversTotal(m, VIA_PROXY, ServerFigures::bytesPerMessage)).isEqualTo(4500);
  }

  @Test
  void serversTotal_isNotANumberWhenOneServerOfTheRowCouldNotBeMeasured() {
    Measurement m = measured(servers(20, Double.NaN));

    assertThat(BenchReport.serversTotal(m, VIA_PROXY, ServerFigures::bytesPerMessage)).isNaN();
    assertThat(BenchReport.serversTotal(m, VIA_PROXY, ServerFigures::cpuMicrosPerMessage)).isEqualTo(65);
  }

  @Test
  void table_showsTheServersCpuAndAllocationPerMessageBesideMsgsPerSecond() {
    BenchReport report = new BenchReport(List.of(VIA_PROXY), List.of(
        Map.of(VIA_PROXY.name(), measured(servers(20, 1500))),
        Map.of(VIA_PROXY.name(), measured(servers(30, 2500))),
        Map.of(VIA_PROXY.name(), measured(servers(25, 2000)))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    report.printTable(new PrintStream(out, true, StandardCharsets.UTF_8), Map.of("app-server", "app", "proxy-1", "p1"));

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines[0]).containsSubsequence("msgs/s", "srv us", "srv B", "p50 ms");
    // Medians of the three runs' sums: 70 us (45 + 25) and 5000 bytes (3000 + 2000) per message.
    assertThat(lines[2]).containsSubsequence("echo 1 proxy 1000", "20000", "70.0", "5000", "1.50");
  }

  @Test
  void broadcastRows_showTheLongestGapAClientSawBetweenTwoTicks_medianOverTheRuns() throws Exception {
    Scenario broadcast = new Scenario("broadcast 2 proxies 100", Profile.BROADCAST, 100, 1, 1000, Target.TWO_PROXIES,
        Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(1), null, null);
    BenchReport report = new BenchReport(List.of(broadcast, VIA_PROXY), List.of(
        Map.of(broadcast.name(), gap(1180), VIA_PROXY.name(), measured(servers(20, 1500))),
        Map.of(broadcast.name(), gap(1050), VIA_PROXY.name(), measured(servers(20, 1500))),
        Map.of(broadcast.name(), gap(1090), VIA_PROXY.name(), measured(servers(20, 1500)))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    report.printTable(new PrintStream(out, true, StandardCharsets.UTF_8), Map.of());

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines[2]).startsWith("broadcast 2 proxies 100").endsWith("longest gap 1090 ms");
    assertThat(lines[3]).startsWith("echo 1 proxy 1000").doesNotContain("longest gap");
    java.nio.file.Path json = java.nio.file.Files.createTempFile("bench", ".json");
    try {
      report.writeJson(json, true, Map.of(), Map.of());
      assertThat(java.nio.file.Files.readString(json).replace(" ", "")).contains("\"longestGapMillis\":1090.0")
          .containsOnlyOnce("longestGapMillis");
    } finally {
      java.nio.file.Files.delete(json);
    }
  }

  private static Measurement gap(double millis) {
    return new Measurement(100, 20, 80, 0, 0, 0, 12, 300, Map.of(), Double.NaN, true, null, Double.NaN, null, null,
        Double.NaN, millis);
  }
}
