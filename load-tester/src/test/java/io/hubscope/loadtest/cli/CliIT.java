package io.hubscope.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.loadtest.bench.RawEchoServer;
import io.hubscope.loadtest.testing.TestHub;
import io.hubscope.loadtest.testing.TestViewModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI end to end: exit statuses, the printed summary and the JSON file. */
class CliIT {

  @TempDir
  Path dir;

  @Test
  void passingRun_exitsZeroAndWritesParseableJson() {
    try (TestHub hub = new TestHub(TestViewModels.registry(new TestViewModels.Counts(), 5, 0, 0, 0))) {
      Path json = dir.resolve("out/result.json");
      Console c = Console.run("-s", hub.url(), "-p", "broadcast", "-c", "6", "-r", "2", "-u", "0", "-d", "1",
          "-i", "150", "--json", json.toString());

      assertThat(c.exitCode()).as(c.out() + c.err()).isZero();
      assertThat(c.out()).contains("Clients=6, Received=30, Missed=0%, Min interval=",
          "Latency ms (delivery, whole test): p50=", "Latency ms (delivery, run phase): p50=", "p99.9=", "Connect failures=0, Errors=0", "us/message", "PASSED");
      JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
      assertThat(report.path("settings").path("profile").asString()).isEqualTo("broadcast");
      assertThat(report.path("result").path("received").asLong()).isEqualTo(30);
      assertThat(report.path("result").path("passed").asBoolean()).isTrue();
      assertThat(report.path("result").path("latency").path("p99").isNumber()).isTrue();
    }
  }

  @Test
  void missedMessages_failTheRunUnlessAllowed() {
    try (TestHub hub = new TestHub(TestViewModels.registry(new TestViewModels.Counts(), 4, 2, 0, 0))) {
      String[] args = {"-s", hub.url(), "-p", "broadcast", "-c", "4", "-r", "2", "-u", "0", "-d", "0", "-i", "150"};
      Console strict = Console.run(args);
      assertThat(strict.exitCode()).isEqualTo(1);
      assertThat(strict.out()).contains("Missed=20%", "FAILED: 4 missed");

      Console lenient = Console.run(concat(args, "--max-missed", "25"));
      assertThat(lenient.exitCode()).isZero();
    }
  }

  @Test
  void aServerThatIsNoHub_isOneLineAndExitTwo() {
    DisposableServer notAHub = HttpServer.create().host("127.0.0.1").port(0)
        .handle((req, res) -> res.status(404).sendString(reactor.core.publisher.Mono.just("no hub here"))).bindNow();
    try {
      Console c = Console.run("-s", "http://127.0.0.1:" + notAHub.port() + "/dotnetify", "-c", "2", "-r", "1");

      assertThat(c.exitCode()).isEqualTo(2);
      assertThat(c.err().strip()).contains("cannot connect to 127.0.0.1:" + notAHub.port() + ": Negotiate at", "HTTP 404", "no hub here").doesNotContain("\n");
    } finally {
      notAHub.disposeNow();
    }
  }

  @Test
  void rawEcho_measuresRoundTripsAgainstTheBaselineServer() {
    try (RawEchoServer raw = new RawEchoServer("127.0.0.1", 0)) {
      Console c = Console.run("-s", raw.url(), "-p", "rawecho", "-c", "10", "-r", "2", "-u", "0", "-d", "0", "-i", "10");

      assertThat(c.exitCode()).as(c.out() + c.err()).isZero();
      assertThat(c.out()).contains("Clients=10, Received=", "Latency ms (round trip, whole test)",
          "Latency ms (round trip, run phase)");
    }
  }

  private static String[] concat(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
