package io.hubscope.loadtest.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server the benchmark starts as its own JVM (or program, such as redis-server) on a free
 * localhost port, waits for, samples through /proc and always stops (also from a shutdown hook, so
 * an interrupted benchmark leaves nothing running); {@link PidFiles} lists the running ones.
 */
final class ServerProcess implements AutoCloseable {

  private final String name;
  private final int port;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  /** Each server's own random management token (app server, proxy), passed in its environment. */
  private final String managementToken = java.util.UUID.randomUUID().toString();
  private volatile Process process;
  private volatile boolean frozen;
  private volatile String metricsAuthorization;
  private int starts;

  private ServerProcess(String name, int port, List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    this.name = name;
    this.port = port;
    this.command = command;
    this.environment = environment;
    this.log = log;
    launch();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-" + name));
  }

  /** Starts {@code java -jar jar args} with the port appended by {@code portArg} (e.g. "--server.port="). */
  static ServerProcess start(String name, Path jar, String portArg, List<String> args, Path logDir) throws IOException {
    return start(name, jar, portArg, args, Map.of(), logDir);
  }

  /**
   * The same with {@code secrets} added to the process's environment (e.g. HUBSCOPE_APP_SHARED_SECRET):
   * a command line is readable by every user of the machine, an environment only by its owner.
   */
  static ServerProcess start(String name, Path jar, String portArg, List<String> args, Map<String, String> secrets,
      Path logDir) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseParallelGC", "-jar", jar.toString()));
    command.addAll(args);
    command.add(portArg + port);
    Files.createDirectories(logDir);
    return new ServerProcess(name, port, List.copyOf(command), Map.copyOf(secrets), logDir.resolve(name + ".log"));
  }

  /** Starts {@code command} followed by {@code portFlag} and a free port as two arguments (e.g. redis-server's "--port"). */
  static ServerProcess startProgram(String name, List<String> command, String portFlag, Path logDir) throws IOException {
    int port = freePort();
    List<String> full = new ArrayList<>(command);
    full.add(portFlag);
    full.add(Integer.toString(port));
    Files.createDirectories(logDir);
    return new ServerProcess(name, port, List.copyOf(full), Map.of(), logDir.resolve(name + ".log"));
  }

  private void launch() throws IOException {
    starts++;
    frozen = false;
    ProcessBuilder.Redirect output = starts == 1 ? ProcessBuilder.Redirect.to(log.toFile())
        : ProcessBuilder.Redirect.appendTo(log.toFile());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
    builder.environment().putAll(environment);
    builder.environment().put("HUBSCOPE_MANAGEMENT_TOKEN", managementToken);
    process = builder.start();
    PidFiles.started(log.getParent(), process);
  }

  /** Starts the same command on the same port again after {@link #stop()}; a no-op while it runs. */
  void restart() throws IOException {
    if (process.isAlive()) return;
    launch();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Whether it is frozen by {@link #freeze(boolean)}: it answers nothing then. */
  boolean isFrozen() {
    return frozen;
  }

  /**
   * Freezes the process (SIGSTOP) or lets it go on (SIGCONT): a stalled server keeps its sockets
   * open but reads nothing, the worst case for whoever writes to it. Idempotent.
   */
  void freeze(boolean frozen) {
    if (this.frozen == frozen) return;
    if (!process.isAlive()) {
      this.frozen = false;
      return;
    }
    try {
      Process kill = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + (frozen ? "-STOP" : "-CONT") + " " + process.pid() + " failed");
      }
      this.frozen = frozen;
    } catch (IOException e) {
      throw new IllegalStateException("cannot signal " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + name);
    }
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  ProcStats stats() {
    return ProcStats.of(process.pid());
  }

  /** Waits until {@code path} (a health endpoint) says UP or, with a null path, until the port accepts. */
  void awaitReady(String path, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      if (path == null ? accepts() : ServerProbe.isUp(this, path)) return;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name);
      }
    }
    throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The {@code Authorization} header value for this server's actuator (metrics, Prometheus). */
  String managementAuthorization() {
    return "Bearer " + managementToken;
  }

  /** For a server whose Prometheus endpoint wants a login (the observer) rather than the management token. */
  void metricsAuthorization(String authorization) {
    this.metricsAuthorization = authorization;
  }

  /** The {@code Authorization} header value for this server's Prometheus endpoint. */
  String metricsAuthorization() {
    String authorization = metricsAuthorization;
    return authorization != null ? authorization : managementAuthorization();
  }

  void stop() {
    Process process = this.process;
    if (!process.isAlive()) return;
    if (frozen) freeze(false); // a stopped process would not act on SIGTERM
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    PidFiles.ended(log.getParent(), process);
  }

  /**
   * Kills the process without a word (SIGKILL), as a crash would, and returns once it is gone: no
   * shutdown hook runs, its sockets are closed by the kernel. {@link #restart()} starts it again.
   */
  void kill() {
    Process process = this.process;
    if (!process.isAlive()) return;
    try {
      if (!process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + process.pid() + ") still runs 10 s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + name);
    }
    frozen = false;
    PidFiles.ended(log.getParent(), process);
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
