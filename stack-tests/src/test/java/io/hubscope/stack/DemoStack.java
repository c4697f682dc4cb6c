package io.hubscope.stack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack as {@code bin/demo --detach} starts it: observer, app server (or several, with
 * {@code --app-servers}) and two proxies on free ports, logs and H2 data in temporary folders, the
 * dashboard login and the management token read from the script's output. {@link #close()} runs
 * {@code bin/demo stop}.
 */
final class DemoStack implements AutoCloseable {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LOGIN = Pattern.compile("login: (\\S+) / (\\S+)");
  private static final Pattern MANAGEMENT_TOKEN = Pattern.compile("Authorization: Bearer ([^']+)'");

  final int observerPort;
  final int appPort;
  /** Every app server's port: {@code appPort} first, then the ones bin/demo took after the highest port. */
  final int[] appPorts;
  final int[] proxyPorts;
  final String user;
  final String password;
  /** The bearer token of the nodes' metrics and health details, as bin/demo printed it. */
  final String managementToken;
  final Path logs;
  private final Path data;
  private final Map<String, String> env;

  private DemoStack(int[] ports, int[] appPorts, Matcher login, String managementToken, Path logs, Path data,
      Map<String, String> env) {
    this.observerPort = ports[0];
    this.appPort = ports[1];
    this.appPorts = appPorts;
    this.proxyPorts = new int[] {ports[2], ports[3]};
    this.user = login.group(1);
    this.password = login.group(2);
    this.managementToken = managementToken;
    this.logs = logs;
    this.data = data;
    this.env = env;
  }

  /**
   * Starts {@code bin/demo --no-build --detach --no-load} with {@code env} added to its environment
   * (e.g. {@code JAVA_OPTS}) and waits until it has printed the login, at most {@code timeoutSeconds}.
   */
  static DemoStack start(Map<String, String> env, long timeoutSeconds) throws IOException, InterruptedException {
    return start(env, 1, timeoutSeconds);
  }

  /**
   * As {@link #start(Map, long)} with {@code --app-servers appServers}: the extra app servers take
   * the ports after the highest of the others, so those must be free too (with more than one, the
   * script needs Redis at {@code HUBSCOPE_CLUSTER_REDIS_URL} in {@code env}).
   */
  static DemoStack start(Map<String, String> env, int appServers, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path logs = Files.createTempDirectory("hubscope-demo-logs");
    Path data = Files.createTempDirectory("hubscope-demo-data");
    int[] ports = freePortsFollowedBy(4, appServers - 1);
    int[] appPorts = new int[appServers];
    appPorts[0] = ports[1];
    int highest = Arrays.stream(ports).max().orElseThrow();
    for (int i = 1; i < appServers; i++) appPorts[i] = highest + i;
    Process demo = run(List.of("bin/demo", "--no-build", "--detach", "--no-load", "--observer-port", "" + ports[0],
        "--app-port", "" + ports[1], "--app-servers", "" + appServers, "--proxy-ports", ports[2] + "," + ports[3]),
        logs, data, env);
    boolean exited = demo.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!exited) demo.destroyForcibly();
    String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Matcher login = LOGIN.matcher(out);
    Matcher token = MANAGEMENT_TOKEN.matcher(out);
    if (!exited || demo.exitValue() != 0 || !login.find() || !token.find()) {
      run(List.of("bin/demo", "stop"), logs, data, env).waitFor(60, TimeUnit.SECONDS);
      throw new IllegalStateException("bin/demo did not start within " + timeoutSeconds + " s (logs in " + logs
          + "):\n" + out);
    }
    return new DemoStack(ports, appPorts, login, token.group(1), logs, data, env);
  }

  /** The dashboard's address, as bin/demo prints it. */
  String dashboard(String path) {
    return "http://localhost:" + observerPort + path;
  }

  /** The proxies' hub URLs, for the load tester. */
  List<String> proxyHubs() {
    List<String> hubs = new ArrayList<>();
    for (int port : proxyPorts) hubs.add(hub(port));
    return hubs;
  }

  /** The app servers' hub URLs, as the proxies list them (their upstreams). */
  List<String> appHubs() {
    List<String> hubs = new ArrayList<>();
    for (int port : appPorts) hubs.add(hub(port));
    return hubs;
  }

  static String hub(int port) {
    return "http://127.0.0.1:" + port + "/dotnetify";
  }

  /** The pid bin/demo recorded for the process it named {@code name} (e.g. {@code app-server-2}). */
  long pid(String name) throws IOException {
    for (String line : Files.readAllLines(logs.resolve("demo.pids"))) {
      String[] fields = line.trim().split(" ");
      if (fields.length == 2 && fields[1].equals(name)) return Long.parseLong(fields[0]);
    }
    throw new IllegalArgumentException("bin/demo started no process named " + name);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(List.of("bin/demo", "stop"), logs, data, env).waitFor(60, TimeUnit.SECONDS);
  }

  /** Runs a command in the repository root with bin/demo's logs and data in the given folders. */
  static Process run(List<String> command, Path logs, Path data, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("HUBSCOPE_DEMO_LOGS", logs.toString());
    pb.environment().put("HUBSCOPE_DEMO_DATA", data.toString());
    return pb.start();
  }

  /** The process ids bin/demo recorded in {@code logs/demo.pids}; empty once it has stopped. */
  static List<Long> pids(Path logs) throws IOException {
    List<Long> pids = new ArrayList<>();
    Path file = logs.resolve("demo.pids");
    if (!Files.exists(file)) return pids;
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) pids.add(Long.parseLong(line.trim().split(" ")[0]));
    }
    return pids;
  }

  /**
   * {@code n} distinct ports that were free a moment ago, and also the {@code following} ones after
   * the highest of them (where bin/demo puts its extra app servers).
   */
  static int[] freePortsFollowedBy(int n, int following) throws IOException {
    for (int attempt = 0; ; attempt++) {
      int[] ports = freePorts(n);
      int highest = Arrays.stream(ports).max().orElseThrow();
      boolean free = highest + following <= 65535;
      for (int i = 1; free && i <= following; i++) free = isFree(highest + i);
      if (free) return ports;
      if (attempt == 20) throw new IllegalStateException("no free port after " + highest + " (20 attempts)");
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code n} distinct ports that were free a moment ago (the OS picks them; no fixed ranges). */
  static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : sockets) s.close();
    }
    return ports;
  }
}
