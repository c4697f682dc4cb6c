package io.hubscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * bin/demo as a user runs it, on free ports with a short load: every process gets healthy, the
 * observer's API shows both proxies and live connections, secrets travel in the environment and
 * never on a command line, a pid file left by a dead demo does not block a start, and 'bin/demo
 * stop' leaves nothing running. Bad options are refused before anything starts.
 */
class DemoScriptIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void demo_startsTheStack_observerSeesBothProxiesAndTraffic_stopLeavesNothing() throws Exception {
    Path logs = Files.createTempDirectory("hubscope-demo-logs");
    Path data = Files.createTempDirectory("hubscope-demo-data");
    Files.writeString(logs.resolve("demo.pids"), deadPid() + " observer\n" + deadPid() + " app-server\n");
    String password = "demo-password-" + UUID.randomUUID();
    int[] ports = DemoStack.freePorts(4);
    List<String> command = List.of("bin/demo", "--no-build", "--detach", "--clients", "40",
        "--observer-port", "" + ports[0], "--app-port", "" + ports[1], "--proxy-ports", ports[2] + "," + ports[3]);
    Process demo = DemoStack.run(command, logs, data, Map.of("HUBSCOPE_OBSERVER_PASSWORD", password));
    assertThat(demo.waitFor(240, TimeUnit.SECONDS)).as("bin/demo started within 4 minutes").isTrue();
    String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    List<Long> pids = DemoStack.pids(logs);
    try {
      assertThat(demo.exitValue()).as(out).isZero();
      assertThat(out).as("the stale pid file is noticed, not a blocker").contains("no longer running");
      assertThat(out).contains("Dashboard:  http://localhost:" + ports[0] + "/")
          .contains("observer is up on port " + ports[0]).contains("proxy-2 is up on port " + ports[3])
          .as("a password from the environment is not echoed").doesNotContain(password);
      String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
      String api = "http://127.0.0.1:" + ports[0] + "/api/v1";
      secretsTravelInTheEnvironmentOnly(pids, password);

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

  @Test
  void demo_refusesBadOptionsBeforeStartingAnything() throws Exception {
    Path logs = Files.createTempDirectory("hubscope-demo-logs");
    Path data = Files.createTempDirectory("hubscope-demo-data");
    Map<List<String>, String> refusals = Map.of(
        List.of("--app-port"), "option '--app-port' needs a value",
        List.of("--app-port", "--no-load"), "option '--app-port' needs a value",
        List.of("--clients", "abc"), "option '--clients' wants a whole number from 0 to 100000, not 'abc'",
        List.of("--observer-port", "70000"), "option '--observer-port' wants a whole number from 1 to 65535, not '70000'",
        List.of("--proxy-ports", "8082,http"), "option '--proxy-ports' wants a whole number from 1 to 65535, not 'http'");
    for (Map.Entry<List<String>, String> refusal : refusals.entrySet()) {
      List<String> command = new ArrayList<>(List.of("bin/demo", "--no-build"));
      command.addAll(refusal.getKey());
      Process demo = DemoStack.run(command, logs, data, Map.of());
      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(demo.exitValue()).as(command + ": " + out).isEqualTo(2);
      assertThat(out).as(command.toString()).contains("bin/demo: " + refusal.getValue()).contains("--help")
          .doesNotContain("unbound variable");
    }
    Process shortPassword = DemoStack.run(List.of("bin/demo", "--no-build"), logs, data,
        Map.of("HUBSCOPE_OBSERVER_PASSWORD", "short"));
    assertThat(shortPassword.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(shortPassword.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("HUBSCOPE_OBSERVER_PASSWORD must be at least 12 characters");
    assertThat(shortPassword.exitValue()).isEqualTo(2);
    assertThat(logs.resolve("demo.pids")).as("nothing was started").doesNotExist();
  }

  @Test
  void demo_buildsWhenSourcesAreNewerThanTheJars_orWhenAskedTo() throws Exception {
    Path logs = Files.createTempDirectory("hubscope-demo-logs");
    Path data = Files.createTempDirectory("hubscope-demo-data");
    // A stand-in for Maven that fails: bin/demo stops after saying why it builds, before starting anything.
    Path bin = Files.createTempDirectory("hubscope-fake-mvn");
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\necho 'fake mvn' \"$@\"\nexit 1\n");
    mvn.toFile().setExecutable(true);
    Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));

    String forced = runToEnd(List.of("bin/demo", "--rebuild", "--no-load"), logs, data, env, 1);
    assertThat(forced).contains("bin/demo: building, --rebuild").contains("the build failed");

    Path jar = DemoStack.ROOT.resolve("app-server/target/app-server.jar");
    FileTime built = Files.getLastModifiedTime(jar);
    try {
      Files.setLastModifiedTime(jar, FileTime.fromMillis(0)); // as if the sources changed after the build
      String stale = runToEnd(List.of("bin/demo", "--no-load"), logs, data, env, 1);
      assertThat(stale).contains("bin/demo: building, ").contains("changed since app-server/target/app-server.jar was built")
          .contains("the build failed");
    } finally {
      Files.setLastModifiedTime(jar, built);
    }
    assertThat(logs.resolve("demo.pids")).as("nothing was started").doesNotExist();
  }

  private static String runToEnd(List<String> command, Path logs, Path data, Map<String, String> env, int exitCode)
      throws Exception {
    Process demo = DemoStack.run(command, logs, data, env);
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as(command.toString()).isTrue();
    String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(demo.exitValue()).as(command + ": " + out).isEqualTo(exitCode);
    return out;
  }

  /**
   * The secrets each process got (read back from its environment) are present, shared where they
   * must match, and on no process's command line, which any user of the machine can read.
   */
  private static void secretsTravelInTheEnvironmentOnly(List<Long> pids, String password) throws Exception {
    StringBuilder commandLines = new StringBuilder();
    List<String> secrets = new ArrayList<>(List.of(password));
    Set<String> sharedSecrets = new HashSet<>();
    Set<String> tapTokens = new HashSet<>();
    for (long pid : pids) {
      commandLines.append(procFile(pid, "cmdline")).append('\n');
      Map<String, String> env = environment(pid);
      String shared = env.getOrDefault("HUBSCOPE_APP_SHARED_SECRET", env.get("HUBSCOPE_PROXY_SHARED_SECRET"));
      if (shared != null) sharedSecrets.add(shared);
      if (env.containsKey("HUBSCOPE_TAP_TOKEN")) tapTokens.add(env.get("HUBSCOPE_TAP_TOKEN"));
      if (env.containsKey("HUBSCOPE_OBSERVER_INGEST_TOKEN")) tapTokens.add(env.get("HUBSCOPE_OBSERVER_INGEST_TOKEN"));
    }
    assertThat(sharedSecrets).as("app server and proxies share one shared secret").hasSize(1);
    assertThat(tapTokens).as("observer and taps share one token").hasSize(1);
    secrets.addAll(sharedSecrets);
    secrets.addAll(tapTokens);
    for (String secret : secrets) assertThat(secret).hasSizeGreaterThanOrEqualTo(12);
    assertThat(commandLines).as("command lines").contains("-jar");
    for (String secret : secrets) assertThat(commandLines.toString()).as("command lines").doesNotContain(secret);
  }

  private static Map<String, String> environment(long pid) throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String entry : procFile(pid, "environ").split("\n")) {
      int eq = entry.indexOf('=');
      if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    return env;
  }

  /** /proc/PID/NAME with its NUL separators as newlines. */
  private static String procFile(long pid, String name) throws Exception {
    return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), name)), StandardCharsets.UTF_8)
        .replace('\0', '\n');
  }

  /** The pid of a process that has exited: what a crashed or rebooted demo leaves in its pid file. */
  private static long deadPid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }

  String get(String url, String auth) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
    return response.body();
  }
}
