package io.hubscope.hub.redis.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A throwaway redis-server of the test's own (never the shared one on 6379): a free port, no
 * persistence, so a test can stop and restart it as an outage would. Shared through hub-redis's
 * test-jar (stack-tests points a whole stack at one).
 */
public final class RedisServerProcess implements AutoCloseable {

  private final int port;
  private Process process;

  public RedisServerProcess() {
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    start();
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts it (again, on the same port) and waits until it answers PING. */
  public void start() {
    try {
      process = new ProcessBuilder("/usr/bin/redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no")
          .redirectErrorStream(true).redirectOutput(new File("target/redis-" + port + ".log")).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start /usr/bin/redis-server", e);
    }
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(this::answers);
  }

  /** Kills it: every connection drops, everything it held is gone. */
  public void stop() {
    process.destroyForcibly();
    await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
  }

  private boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[7];
      int read = in.read(buffer);
      return read > 0 && new String(buffer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (process != null) stop();
  }
}
