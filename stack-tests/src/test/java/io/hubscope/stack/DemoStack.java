package io.hubscope.stack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack as {@code bin/demo --detach} starts it: observer, app server and two proxies on free
 * ports, logs and H2 data in temporary folders, the dashboard login read from the script's output.
 * {@link #close()} runs {@code bin/demo stop}.
 */
final class DemoStack implements AutoCloseable {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LOGIN = Pattern.compile("login: (\\S+) / (\\S+)");

  final int observerPort;
  final int appPort;
  final int[] proxyPorts;
  final String user;
  final String password;
  final Path logs;
  private final Path data;
  private final Map<String, String> env;

  private DemoStack(int[] ports, String user, String password, Path logs, Path data, Map<String, String> env) {
    this.observerPort = ports[0];
    this.appPort = ports[1];
    this.proxyPorts = new int[] {ports[2], ports[3]};
    this.user = user;
    this.password = password;
    this.logs = logs;
    this.data = data;
    this.env = env;
  }

  /**
   * Starts {@code bin/demo --no-build --detach --no-load} with {@code env} added to its environment
   * (e.g. {@code JAVA_OPTS}) and waits until it has printed the login, at most {@code timeoutSeconds}.
   */
  static DemoStack start(Map<String, String> env, long timeoutSeconds) throws IOException, InterruptedException {
    Path logs = Files.createTempDirectory("hubscope-demo-logs");
    Path data = Files.createTempDirectory("hubscope-demo-data");
    int[] ports = freePorts(4);
    Process demo = run(List.of("bin/demo", "--no-build", "--detach", "--no-load", "--observer-port", "" + ports[0],
        "--app-port", "" + ports[1], "--proxy-ports", ports[2] + "," + ports[3]), logs, data, env);
    boolean exited = demo.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Matcher login = LOGIN.matcher(out);
    if (!exited || demo.exitValue() != 0 || !login.find()) {
      run(List.of("bin/demo", "stop"), logs, data, env).waitFor(60, TimeUnit.SECONDS);
      throw new IllegalStateException("bin/demo did not start within " + timeoutSeconds + " s (logs in " + logs
          + "):\n" + out);
    }
    return new DemoStack(ports, login.group(1), login.group(2), logs, data, env);
  }

  /** The dashboard's address, as bin/demo prints it. */
  String dashboard(String path) {
    return "http://localhost:" + observerPort + path;
  }

  /** The proxies' hub URLs, for the load tester. */
  List<String> proxyHubs() {
    List<String> hubs = new ArrayList<>();
    for (int port : proxyPorts) hubs.add("http://127.0.0.1:" + port + "/dotnetify");
    return hubs;
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
