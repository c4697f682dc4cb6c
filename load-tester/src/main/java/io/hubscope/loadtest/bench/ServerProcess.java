package io.hubscope.loadtest.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server the benchmark starts as its own JVM on a free localhost port, waits for, samples through
 * /proc and always stops (also from a shutdown hook, so an interrupted benchmark leaves nothing running).
 */
final class ServerProcess implements AutoCloseable {

  private final String name;
  private final int port;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-" + name));
  }

  /** Starts {@code java -jar jar args} with the port appended by {@code portArg} (e.g. "--server.port="). */
  static ServerProcess start(String name, Path jar, String portArg, List<String> args, Path logDir) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseParallelGC", "-jar", jar.toString()));
    command.addAll(args);
    command.add(portArg + port);
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ServerProcess(name, port, process, log);
  }

  String name() {
    return name;
  }

  int port() {
    return port;
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
      if (path == null ? accepts() : answers(path)) return;
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

  private boolean answers(String path) {
    try {
      HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
      http.setConnectTimeout(500);
      http.setReadTimeout(2000);
      int status = http.getResponseCode();
      String body = status == 200 ? new String(http.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) : "";
      http.disconnect();
      // A proxy is UP only once its pooled connections to the app server are live.
      return body.contains("\"status\":\"UP\"");
    } catch (IOException e) {
      return false;
    }
  }

  void stop() {
    if (!process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
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
