package io.hubscope.loadtest.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadtest raw-echo-server --port N}: runs the baseline server as its own process for bin/bench. */
@Command(name = "raw-echo-server", hidden = true, mixinStandardHelpOptions = true,
    description = "Runs a bare Reactor Netty WebSocket echo server at /echo (the benchmark baseline).")
public final class RawEchoServerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "0", description = "Port (0: any free port).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on.")
  String host;

  @Override
  public Integer call() {
    try (RawEchoServer server = new RawEchoServer(host, port)) {
      // bin/bench waits for this line to know the port.
      System.out.println("Raw echo server listening on " + server.url());
      System.out.flush();
      server.awaitShutdown();
    }
    return 0;
  }
}
