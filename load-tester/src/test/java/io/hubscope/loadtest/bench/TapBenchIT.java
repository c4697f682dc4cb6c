package io.hubscope.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hubscope.loadtest.bench.Scenario.Observer;
import io.hubscope.loadtest.profile.Profile;
import io.hubscope.loadtest.run.LoadTest;
import io.hubscope.loadtest.run.LoadTestResult;
import io.hubscope.loadtest.run.LoadTestSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What bin/bench's tap and observer rows stand on, with the real jars as processes: echo through a
 * tapped proxy passes with the observer up, frozen and killed, the tap's counters account for every
 * event (sent while up, dropped and counted while it is not), the tap delivers again once the
 * observer is back, and the ingest benchmark's figures come from the observer's own answers.
 */
class TapBenchIT {

  static final Path OBSERVER_JAR = Path.of("../observer-server/target/observer-server.jar");
  static ServerProcess app;
  static ServerProcess observer;
  static ServerProcess proxy;
  static TapStack tap;
  static String password;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isRegularFile(AppServerIT.APP_JAR) && Files.isRegularFile(AppServerIT.PROXY_JAR)
        && Files.isRegularFile(OBSERVER_JAR), "app-server, proxy-agent and observer-server jars not built");
    String secret = UUID.randomUUID().toString().replace("-", "");
    password = secret.substring(0, 16);
    token = secret.substring(16);
    Path logs = Path.of("target/it-logs");
    app = ServerProcess.start("app-server", AppServerIT.APP_JAR, "--server.port=",
        List.of("--hubscope.app.shared-secret=" + secret, "--hubscope.app.redirect-to-proxies=false"), logs);
    observer = ServerProcess.start("observer", OBSERVER_JAR, "--server.port=", List.of(
        "--hubscope.observer.username=bench", "--hubscope.observer.password=" + password,
        "--hubscope.observer.ingest-token=" + token, "--spring.datasource.url=jdbc:h2:mem:tapbench;DB_CLOSE_DELAY=-1"),
        logs);
    proxy = ServerProcess.start("proxy-tap", AppServerIT.PROXY_JAR, "--server.port=", List.of(
        "--hubscope.proxy.upstream=" + app.baseUrl() + "/dotnetify", "--hubscope.proxy.node-name=proxy-tap",
        "--hubscope.proxy.shared-secret=" + secret, "--hubscope.tap.url=" + observer.baseUrl() + "/observe",
        "--hubscope.tap.token=" + token), logs);
    for (ServerProcess s : List.of(app, observer, proxy)) s.awaitReady("/actuator/health", Duration.ofSeconds(120));
    tap = new TapStack(observer, proxy, "proxy-tap", "bench", password);
  }

  @AfterAll
  static void stop() {
    for (ServerProcess s : new ServerProcess[] {proxy, observer, app}) {
      if (s != null) s.stop();
    }
  }

  @Test
  void echoThroughATappedProxy_isUntouchedByTheObserversState_andTheTapAccountsForEveryEvent() throws Exception {
    TapStack.TapCounts up = echo(Observer.UP);
    assertThat(up.sent()).as("events mirrored while the observer is up").isGreaterThan(100);
    assertThat(up.droppedTotal()).isZero();

    TapStack.TapCounts stalled = echo(Observer.STALLED);
    TapStack.TapCounts down = echo(Observer.DOWN);
    assertThat(down.sent()).isZero();
    assertThat(down.dropped()).containsKey("observer_down");
    assertThat(down.droppedTotal()).as("a killed observer: every mirrored event dropped and counted").isGreaterThan(100);
    assertThat(stalled.sent() + stalled.droppedTotal()).as("a frozen observer: events still accounted for")
        .isPositive();

    TapStack.TapCounts again = echo(Observer.UP);
    assertThat(again.sent()).as("the tap delivers to the restarted observer").isGreaterThan(100);
  }

  @Test
  void observerCounts_equalWhatTheLoadTesterSentAndReceived_inARunWithoutDrops() throws Exception {
    tap.ensure(Observer.UP);
    long[] before = observedMessages();
    TapStack.TapCounts tapBefore = tap.counts();
    LoadTestResult r = echoLoad();
    assertThat(r.passed()).as(String.valueOf(r.firstError())).isTrue();
    assertThat(r.invocationsSent()).isGreaterThan(100);

    // The tap lingers up to 200 ms per batch; wait until the observer has what the clients did.
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    long[] seen = observedMessages();
    while (System.nanoTime() < deadline
        && (seen[0] - before[0] < r.invocationsSent() || seen[1] - before[1] < r.responsesReceived())) {
      Thread.sleep(200);
      seen = observedMessages();
    }
    assertThat(tap.counts().since(tapBefore).droppedTotal()).as("a run without drops").isZero();
    assertThat(seen[0] - before[0]).as("client calls the observer counted").isEqualTo(r.invocationsSent());
    assertThat(seen[1] - before[1]).as("deliveries the observer counted").isEqualTo(r.responsesReceived());
  }

  /** The observer's message totals for the tapped proxy: {in, out}. */
  private static long[] observedMessages() throws Exception {
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(observer.baseUrl() + "/api/v1/nodes?seconds=0"))
            .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("bench:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    for (tools.jackson.databind.JsonNode node : tools.jackson.databind.json.JsonMapper.builder().build()
        .readTree(response.body())) {
      if (node.path("name").asString().equals("proxy-tap")) {
        return new long[] {node.path("msgsIn").asLong(), node.path("msgsOut").asLong()};
      }
    }
    return new long[] {0, 0};
  }

  @Test
  void ingestBench_measuresWhatTheObserverAcknowledged() throws Exception {
    tap.ensure(Observer.UP);
    IngestBench.Figures f = new IngestBench(observer, token, "bench", password).run(1, 500, Duration.ofSeconds(2));
    assertThat(f.rejected()).isZero();
    assertThat(f.events()).isGreaterThanOrEqualTo(IngestBench.EVENTS_PER_BATCH);
    assertThat(f.eventsPerSecond()).isPositive();
    // Its 500 plus whatever the tapped proxy has open (nothing between tests).
    assertThat(f.trackedConnections()).isEqualTo(500);
    assertThat(f.heapMb()).isPositive();
    assertThat(f.liveSnapshots()).hasSize(LiveStreams.DASHBOARD.size());
    assertThat(f.liveSnapshots().values()).allSatisfy(n -> assertThat(n).isPositive());
  }

  /** A short echo through the tapped proxy with the observer in {@code state}; it must pass, whatever the state. */
  private static TapStack.TapCounts echo(Observer state) throws Exception {
    tap.ensure(state);
    TapStack.TapCounts before = tap.counts();
    LoadTestResult r = echoLoad();
    assertThat(r.passed()).as("echo with the observer " + state + ": " + r.firstError()).isTrue();
    assertThat(r.received()).isGreaterThan(100);
    // The tap lingers before it sends a batch, and a loaded machine delays it further: wait until
    // its counters account for the run (each call and each delivery is one mirrored event), not for
    // a fixed second. A frozen observer may hold events past the deadline; its checks allow for it.
    long messages = r.invocationsSent() + r.responsesReceived();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    TapStack.TapCounts since = tap.counts().since(before);
    while (since.sent() + since.droppedTotal() < messages && System.nanoTime() < deadline) {
      Thread.sleep(100);
      since = tap.counts().since(before);
    }
    return since;
  }

  /** 20 echo clients through the tapped proxy for 3 s. */
  private static LoadTestResult echoLoad() {
    LoadTestSettings settings = new LoadTestSettings(List.of(proxy.baseUrl() + "/dotnetify"), Profile.ECHO, 20,
        Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(1), 20, 1, "json", List.of(), 0, false);
    return new LoadTest(settings, new PrintStream(new ByteArrayOutputStream())).run();
  }
}
