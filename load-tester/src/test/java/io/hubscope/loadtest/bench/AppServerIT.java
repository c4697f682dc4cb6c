package io.hubscope.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every profile against the real app server jar with its demo view models, directly and through a
 * proxy, each started as a process the way bin/bench starts them. Skipped when the jars have not
 * been built.
 */
class AppServerIT {

  static final Path APP_JAR = Path.of("../app-server/target/app-server.jar");
  static final Path PROXY_JAR = Path.of("../proxy-agent/target/proxy-agent.jar");
  static ServerProcess app;
  static ServerProcess proxy;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isRegularFile(APP_JAR), "app-server.jar not built (mvn -q -pl app-server -am -DskipTests package)");
    String secret = UUID.randomUUID().toString().replace("-", "");
    Path logs = Path.of("target/it-logs");
    app = ServerProcess.start("app-server", APP_JAR, "--server.port=", List.of("--hubscope.app.shared-secret=" + secret), logs);
    app.awaitReady("/actuator/health", Duration.ofSeconds(120));
    if (Files.isRegularFile(PROXY_JAR)) {
      proxy = ServerProcess.start("proxy", PROXY_JAR, "--server.port=", List.of(
          "--hubscope.proxy.upstream=http://127.0.0.1:" + app.port() + "/dotnetify",
          "--hubscope.proxy.shared-secret=" + secret), logs);
      proxy.awaitReady("/actuator/health", Duration.ofSeconds(120));
    }
  }

  @AfterAll
  static void stop() {
    if (proxy != null) proxy.stop();
    if (app != null) app.stop();
  }

  @ParameterizedTest
  @EnumSource(value = Profile.class, names = {"BROADCAST", "ECHO", "SHAREDECHO", "CHATROOM"})
  void profile_passesAgainstTheDemoViewModels(Profile profile) {
    check(run(app, profile));
  }

  @ParameterizedTest
  @EnumSource(value = Profile.class, names = {"BROADCAST", "ECHO", "SHAREDECHO", "CHATROOM"})
  void profile_passesThroughAProxy(Profile profile) {
    assumeTrue(proxy != null, "proxy-agent.jar not built (mvn -q -pl proxy-agent -am -DskipTests package)");
    check(run(proxy, profile));
  }

  @Test
  void allocatedBytes_areReadFromThePrometheusEndpointAndGrowWithTheLoad() {
    double before = ServerProbe.allocatedBytes(app);
    check(run(app, Profile.ECHO));

    assertThat(before).isPositive();
    assertThat(ServerProbe.allocatedBytes(app) - before).as("an echo run allocates on the server").isGreaterThan(1_000_000);
  }

  private static LoadTestResult run(ServerProcess server, Profile profile) {
    LoadTestSettings settings = new LoadTestSettings(List.of("http://127.0.0.1:" + server.port()), profile, 20,
        Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(1), profile == Profile.CHATROOM ? 50 : 100,
        2, "json", List.of(), 0, false);
    return new LoadTest(settings, new PrintStream(new ByteArrayOutputStream())).run();
  }

  private static void check(LoadTestResult r) {
    assertThat(r.clients()).isEqualTo(20);
    assertThat(r.received()).isGreaterThan(100);
    assertThat(r.missed()).isZero();
    assertThat(r.misdelivered()).isZero();
    assertThat(r.connectFailures()).isZero();
    assertThat(r.errors()).as(String.valueOf(r.firstError())).isZero();
    assertThat(r.latency().p50()).isBetween(0.0, 500.0);
    assertThat(r.passed()).isTrue();
  }
}
