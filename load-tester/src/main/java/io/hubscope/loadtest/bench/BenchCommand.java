package io.hubscope.loadtest.bench;

import io.hubscope.loadtest.bench.Scenario.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench} ({@code load-tester.jar bench}): starts the servers the chosen scenarios use as separate JVMs on free
 * localhost ports, runs the scenarios {@code --runs} times, prints one table of medians and writes results.json.
 * Servers are always stopped, also on failure or Ctrl-C.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Runs the standard benchmark scenarios on this machine and prints one table.")
public final class BenchCommand implements Callable<Integer> {

  /** How long a server may take to start; generous, as the machine may be shared and busy. */
  static final Duration STARTUP = Duration.ofSeconds(300);

  @Option(names = "--quick", description = "Short scenarios, one run unless --runs says otherwise (about 4 minutes in all).")
  boolean quick;

  @Option(names = "--runs", description = "Runs per scenario; the table shows medians (default: 3, or 1 with --quick).")
  Integer runsOption;

  @Option(names = "--out", defaultValue = "target/bench/results.json", description = "Where to write the results (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--app-server-jar", defaultValue = "app-server/target/app-server.jar", description = "The app server (default: ${DEFAULT-VALUE}).")
  Path appServerJar;

  @Option(names = "--proxy-agent-jar", defaultValue = "proxy-agent/target/proxy-agent.jar",
      description = "The proxy; its scenarios are skipped when it does not exist (default: ${DEFAULT-VALUE}).")
  Path proxyAgentJar;

  @Option(names = "--observer-jar", defaultValue = "observer-server/target/observer-server.jar",
      description = "The observer; the tap and ingest scenarios are skipped when it does not exist (default: ${DEFAULT-VALUE}).")
  Path observerJar;

  @Option(names = "--observer-tests-jar", defaultValue = "observer-server/target/observer-server-tests.jar",
      description = "The observer's test jar, which holds the history benchmark (default: ${DEFAULT-VALUE}).")
  Path observerTestsJar;

  @Option(names = "--history-rows", description = "Rows in the history store (default: 10000000, or 1000000 with --quick).")
  Long historyRows;

  @Option(names = "--only", split = ",", description = "Run only the scenarios whose names contain one of these words.")
  List<String> only = List.of();

  @Override
  public Integer call() throws IOException, InterruptedException {
    int runs = runsOption != null ? runsOption : quick ? 1 : 3;
    if (runs < 1) throw new IllegalArgumentException("--runs < 1: " + runs);
    boolean proxies = Files.isRegularFile(proxyAgentJar);
    boolean observer = proxies && Files.isRegularFile(observerJar);
    Path redisServer = ClusterStack.redisServer();
    List<Scenario> standard = Scenario.standard(quick, proxies, observer,
        redisServer == null ? "skipped (no redis-server on the PATH)" : null);
    refuseUnknownWords(standard);
    if (!Files.isRegularFile(appServerJar)) {
      throw new IllegalArgumentException("No app server at " + appServerJar + " (build it: mvn -q -pl app-server -am -DskipTests package)");
    }
    List<Scenario> scenarios = Scenario.select(standard, only);
    PrintStream log = System.out;
    if (redisServer == null && scenarios.stream().anyMatch(s -> s.target() == Target.CLUSTER)) {
      log.println("The cluster rows are skipped: they need redis-server on the PATH for a Redis of their own "
          + "(Debian: apt-get install redis-server); the other rows run.");
    }
    Path logDir = out.toAbsolutePath().getParent().resolve("logs");
    List<ServerProcess> servers = new ArrayList<>();
    long started = System.nanoTime();
    boolean ingestSelected = only.isEmpty() || only.stream().anyMatch(ObserverIngest.NAME::contains);
    // The history store first, on a machine no server shares yet. Only when named (--only history):
    // loading 10 million rows into H2 and timing three one-day purges takes about 40 minutes here.
    HistoryRows history = null;
    if (Files.isRegularFile(observerJar) && only.stream().anyMatch(HistoryRows.NAME::contains)) {
      history = new HistoryRows(observerJar, observerTestsJar, logDir.resolve("history"),
          historyRows != null ? historyRows : quick ? 1_000_000 : 10_000_000);
      history.run(log);
    }
    if (scenarios.isEmpty() && !ingestSelected) {
      if (history != null) history.print(log);
      new BenchReport(scenarios, List.of()).writeJson(out, quick, machine((System.nanoTime() - started) / 1e9),
          sections(null, history));
      log.printf("Wrote %s (%.0f s in all)%n", out, (System.nanoTime() - started) / 1e9);
      return 0;
    }
    try {
      // Proxies authenticate to the app server with a secret shared for this run only. Clients are
      // not redirected: each scenario picks its own target.
      String secret = java.util.UUID.randomUUID().toString().replace("-", "");
      // Only what the chosen rows use: on a 2-core machine every idle JVM takes its share too.
      Set<Target> targets = Scenario.targets(scenarios);
      Map<Target, List<String>> urls = new LinkedHashMap<>();
      ServerProcess app = null;
      if (targets.stream().anyMatch(t -> t != Target.RAW && t != Target.CLUSTER)) {
        app = ServerProcess.start("app-server", appServerJar, "--server.port=",
            List.of("--hubscope.app.redirect-to-proxies=false"), Map.of("HUBSCOPE_APP_SHARED_SECRET", secret), logDir);
        servers.add(app);
        urls.put(Target.APP, List.of(hub(app)));
      }
      if (targets.contains(Target.RAW)) {
        ServerProcess raw = ServerProcess.start("raw-echo", ownJar(), "--port=", List.of("raw-echo-server"), logDir);
        servers.add(raw);
        urls.put(Target.RAW, List.of("ws://127.0.0.1:" + raw.port() + RawEchoServer.PATH));
      }
      TapStack tap = null;
      if (targets.contains(Target.ONE_PROXY) || targets.contains(Target.TWO_PROXIES)) {
        List<ServerProcess> both = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
          both.add(startProxy("proxy-" + i, app, secret, List.of(), Map.of(), logDir));
        }
        servers.addAll(both);
        urls.put(Target.ONE_PROXY, List.of(hub(both.get(0))));
        urls.put(Target.TWO_PROXIES, List.of(hub(both.get(0)), hub(both.get(1))));
      }
      if (targets.contains(Target.TAPPED_PROXY)) {
        // The observer keeps its history in memory here; its login and the tap's token are this run's own.
        String observerSecrets = java.util.UUID.randomUUID().toString().replace("-", "");
        String password = observerSecrets.substring(0, 16);
        String token = observerSecrets.substring(16);
        ServerProcess obs = ServerProcess.start("observer", observerJar, "--server.port=",
            List.of("--hubscope.observer.username=bench", "--spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1"),
            Map.of("HUBSCOPE_OBSERVER_PASSWORD", password, "HUBSCOPE_OBSERVER_INGEST_TOKEN", token), logDir);
        servers.add(obs);
        ServerProcess tapped = startProxy("proxy-tap", app, secret,
            List.of("--hubscope.tap.url=" + obs.baseUrl() + "/observe"), Map.of("HUBSCOPE_TAP_TOKEN", token), logDir);
        servers.add(tapped);
        urls.put(Target.TAPPED_PROXY, List.of(hub(tapped)));
        tap = new TapStack(obs, tapped, "proxy-tap", "bench", password);
      }
      ClusterStack cluster = null;
      if (targets.contains(Target.CLUSTER)) {
        cluster = ClusterStack.start(redisServer, appServerJar, proxyAgentJar, secret, logDir, servers);
        urls.put(Target.CLUSTER, cluster.hubUrls());
      }
      log.printf("Starting %s ...%n", servers.stream().map(ServerProcess::name).collect(Collectors.joining(", ")));
      // Up to ten JVMs start at once: on a busy 2-core machine the raw server may wait as long as
      // the Spring apps (a run beside the test suite took over 30 s; with eight starting beside
      // other builds at a load average of 20, an app server took 190 s), so all get the same bound.
      for (ServerProcess s : servers) {
        if (s.name().equals("raw-echo") || s.name().equals("redis")) {
          s.awaitReady(null, STARTUP);
        } else {
          s.awaitReady("/actuator/health", STARTUP);
        }
      }
      if (cluster != null) cluster.awaitReady(Duration.ofSeconds(60));
      BenchRunner runner = new BenchRunner(urls, servers, tap, cluster, log);
      ObserverIngest ingest = observer && ingestSelected ? new ObserverIngest(observerJar, logDir, quick) : null;
      log.printf("Servers up after %.0f s; warming up (not measured) ...%n", (System.nanoTime() - started) / 1e9);
      if (scenarios.stream().anyMatch(s -> s.skipReason() == null)) runner.warmUp();
      List<Map<String, Measurement>> results = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        log.printf("Run %d of %d%n", run, runs);
        results.add(runner.runAll(scenarios));
        if (ingest != null) ingest.runOnce(log);
      }
      BenchReport report = new BenchReport(scenarios, results);
      log.println();
      Map<String, String> shortNames = new LinkedHashMap<>();
      for (ServerProcess s : servers) {
        shortNames.put(s.name(), s.name().replace("app-server", "app").replace("proxy-", "p").replace("observer", "obs"));
      }
      if (!scenarios.isEmpty()) report.printTable(log, shortNames);
      if (ingest != null) ingest.print(log);
      if (history != null) history.print(log);
      report.writeJson(out, quick, machine((System.nanoTime() - started) / 1e9), sections(ingest, history));
      log.printf("Wrote %s (%.0f s in all)%n", out, (System.nanoTime() - started) / 1e9);
      return 0;
    } finally {
      // Proxies first, so they don't spend the app server's shutdown reconnecting to it.
      for (int i = servers.size() - 1; i >= 0; i--) servers.get(i).stop();
    }
  }

  /**
   * An {@code --only} word that names no row would start every server and print an empty table
   * minutes later: refuse it before anything starts, with the rows there are.
   */
  private void refuseUnknownWords(List<Scenario> standard) {
    List<String> names = new ArrayList<>(standard.stream().map(Scenario::name).toList());
    names.add(ObserverIngest.NAME);
    names.add(HistoryRows.NAME);
    List<String> unknown = only.stream().filter(w -> names.stream().noneMatch(n -> n.contains(w))).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("--only " + unknown.stream().map(w -> "'" + w + "'").collect(Collectors.joining(", "))
          + " matches no scenario" + (quick ? " of --quick" : "") + "; the scenarios are: "
          + names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(" ")));
    }
  }

  private static Map<String, Object> sections(ObserverIngest ingest, HistoryRows history) {
    Map<String, Object> sections = new LinkedHashMap<>();
    if (ingest != null) sections.put("observerIngest", ingest.json());
    if (history != null) sections.put("history", history.json());
    return sections;
  }

  private static String hub(ServerProcess server) {
    return server.baseUrl() + "/dotnetify";
  }

  /** A proxy in front of {@code app}; clients connect to it directly (no token, no redirect). */
  private ServerProcess startProxy(String name, ServerProcess app, String secret, List<String> extra,
      Map<String, String> extraSecrets, Path logDir) throws IOException {
    List<String> args = new ArrayList<>(List.of("--hubscope.proxy.upstream=" + hub(app),
        "--hubscope.proxy.node-name=" + name, "--hubscope.proxy.require-token=false"));
    args.addAll(extra);
    Map<String, String> secrets = new LinkedHashMap<>(extraSecrets);
    secrets.put("HUBSCOPE_PROXY_SHARED_SECRET", secret);
    return ServerProcess.start(name, proxyAgentJar, "--server.port=", args, secrets, logDir);
  }

  private static Map<String, Object> machine(double seconds) {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpus", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("benchSeconds", Math.round(seconds));
    return machine;
  }

  /** The load-tester jar this code runs from; it also serves the raw echo baseline. */
  private static Path ownJar() {
    String classPath = System.getProperty("java.class.path", "");
    if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator) && Files.isRegularFile(Path.of(classPath))) {
      return Path.of(classPath); // java -jar load-tester.jar
    }
    try {
      Path location = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) return location;
    } catch (URISyntaxException | RuntimeException e) {
      // fall through to the default location
    }
    return Path.of("load-tester/target/load-tester.jar");
  }
}
