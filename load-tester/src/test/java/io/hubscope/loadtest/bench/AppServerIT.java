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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every profile against the real app server jar with its demo view models, started as a process
 * the way bin/bench starts it. Skipped when the jar has not been built.
 */
class AppServerIT {

  static final Path JAR = Path.of("../app-server/target/app-server.jar");
  static ServerProcess app;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "app-server.jar not built (mvn -q -pl app-server -am -DskipTests package)");
    app = ServerProcess.start("app-server", JAR, "--server.port=", List.of(), Path.of("target/it-logs"));
    app.awaitReady("/actuator/health", Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() {
    if (app != null) app.stop();
  }

  @ParameterizedTest
  @EnumSource(value = Profile.class, names = {"BROADCAST", "ECHO", "SHAREDECHO", "CHATROOM"})
  void profile_passesAgainstTheDemoViewModels(Profile profile) {
    LoadTestSettings settings = new LoadTestSettings(List.of("http://127.0.0.1:" + app.port()), profile, 20,
        Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(1), profile == Profile.CHATROOM ? 50 : 100,
        2, "json", List.of(), 0, false);

    LoadTestResult r = new LoadTest(settings, new PrintStream(new ByteArrayOutputStream())).run();

    assertThat(r.clients()).isEqualTo(20);
    assertThat(r.received()).isGreaterThan(100);
    assertThat(r.missed()).isZero();
    assertThat(r.connectFailures()).isZero();
    assertThat(r.errors()).as(String.valueOf(r.firstError())).isZero();
    assertThat(r.latency().p50()).isBetween(0.0, 500.0);
    assertThat(r.passed()).isTrue();
  }
}
