package io.hubscope.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openqa.selenium.support.ui.FluentWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official npm {@code @microsoft/signalr} client under Node, holding one connection until the
 * server closes it ({@code src/test/node/held-connection.js}). The packages are app-server's, the
 * {@code signalr-latest} alias its pinned package-lock.json installs into
 * {@code app-server/src/main/web/node_modules} when the reactor builds it (stack-tests depends on
 * app-server, so {@code -am} installs them first): one lock file, no copy. {@link #close()} kills
 * the process.
 */
final class HeldJsClient implements AutoCloseable {

  static final Path NODE_MODULES = DemoStack.ROOT.resolve("app-server/src/main/web/node_modules");
  static final Path SCRIPT = Path.of("src/test/node/held-connection.js").toAbsolutePath();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Process node;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private HeldJsClient(Process node) {
    this.node = node;
    Thread reader = new Thread(() -> {
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) lines.add(line);
      } catch (IOException e) {
        lines.add("{\"fatal\": \"reading the client's output failed\"}");
      }
    }, "held-js-client");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the client against {@code hubUrl}; it requests {@code vmId} with {@code userAgent} as its User-Agent. */
  static HeldJsClient start(String hubUrl, String vmId, String userAgent) {
    if (!Files.isDirectory(NODE_MODULES.resolve("signalr-latest"))) {
      throw new IllegalStateException(NODE_MODULES + " has no signalr-latest: build app-server in the same reactor"
          + " (mvn -pl stack-tests -am ...), its npm ci installs it");
    }
    ProcessBuilder pb = new ProcessBuilder("node", SCRIPT.toString(), hubUrl, "signalr-latest", vmId, userAgent)
        .redirectErrorStream(true);
    pb.environment().put("NODE_PATH", NODE_MODULES.toString());
    try {
      return new HeldJsClient(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first line the client printed that {@code matches}; fails with everything it printed after {@code timeout}. */
  JsonNode await(Predicate<JsonNode> matches, Duration timeout) {
    return new FluentWait<>(this).withTimeout(timeout).pollingEvery(Duration.ofMillis(50))
        .withMessage(() -> "the JS client printed " + lines + (node.isAlive() ? "" : ", exited " + node.exitValue()))
        .until(client -> {
          for (JsonNode line : printed()) {
            if (line.has("fatal")) throw new AssertionError("the JS client failed: " + lines);
            if (matches.test(line)) return line;
          }
          return null;
        });
  }

  /** What the client printed so far, each line as JSON (a line that is not JSON, e.g. a Node warning, as {"text"}). */
  List<JsonNode> printed() {
    return lines.stream().map(line -> {
      try {
        return JSON.readTree(line);
      } catch (RuntimeException notJson) {
        return (JsonNode) JSON.createObjectNode().put("text", line);
      }
    }).toList();
  }

  boolean isAlive() {
    return node.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    node.destroy();
    if (!node.waitFor(5, TimeUnit.SECONDS)) {
      node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
