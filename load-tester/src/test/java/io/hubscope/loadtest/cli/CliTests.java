package io.hubscope.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Bad input ends with one clear line on stderr and exit status 2, never a stack trace. */
class CliTests {

  @Test
  void help_listsEveryOptionOfTheIssue() {
    Console c = Console.run("--help");

    assertThat(c.exitCode()).isZero();
    assertThat(c.out()).contains("-s, --server", "-p, --profile", "-c, --clients", "-r, --run", "-u, --ramp-up",
        "-d, --ramp-down", "-i, --interval", "-g, --groups", "--protocol", "--transport", "--json", "--bind-address", "--max-missed",
        "--help");
  }

  @Test
  void unknownProfile_isOneLineAndExitTwo() {
    Console c = Console.run("-p", "stress");

    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("unknown profile 'stress' (use broadcast, echo, sharedecho, chatroom or rawecho)")
        .doesNotContain("Exception", "\tat ");
    assertThat(c.err().lines().count()).isEqualTo(2); // the message and the --help hint
  }

  @Test
  void unreachableServer_isOneLineAndExitTwo() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Console c = Console.run("-s", "http://127.0.0.1:" + closedPort, "-c", "3", "-r", "1", "-u", "0", "-d", "0");

    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err().strip()).isEqualTo("loadtest: cannot connect to 127.0.0.1:" + closedPort + ": connection refused");
  }

  @Test
  void refusedOneDigitPort_isRefusedNotUnresolvable() {
    Console c = Console.run("-s", "http://127.0.0.1:1", "-c", "1", "-r", "1", "-u", "0", "-d", "0");

    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err().strip()).isEqualTo("loadtest: cannot connect to 127.0.0.1:1: connection refused");
  }

  @Test
  void unknownHost_isOnePlainLine() {
    Console c = Console.run("-s", "http://no-such-host.invalid:8081", "-c", "1", "-r", "1", "-u", "0", "-d", "0");

    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err().strip()).isEqualTo("loadtest: cannot connect to no-such-host.invalid:8081: unknown host");
  }

  @Test
  void invalidNumbersAndUrls_areRefusedBeforeConnecting() {
    assertThat(Console.run("-c", "0").err()).contains("loadtest: clients < 1: 0");
    assertThat(Console.run("-c", "0").exitCode()).isEqualTo(2);
    assertThat(Console.run("--protocol", "xml").err()).contains("protocol must be json or messagepack: xml");
    assertThat(Console.run("--transport", "carrier-pigeon").err())
        .contains("transport must be one of websockets, sse, longpolling: carrier-pigeon");
    assertThat(Console.run("--transport", "sse", "--protocol", "messagepack").err())
        .contains("Server-Sent Events carry text only: use --protocol json with --transport sse");
    assertThat(Console.run("--transport", "longpolling", "-p", "rawecho").err())
        .contains("the raw echo profile speaks WebSockets only: longpolling");
    assertThat(Console.run("-c", "many").err()).contains("Invalid value for option '--clients'");
    Console badUrl = Console.run("-s", "ftp://example", "-r", "1");
    assertThat(badUrl.exitCode()).isEqualTo(2);
    assertThat(badUrl.err()).contains("Not an http(s) or ws(s) URL: ftp://example");
  }

  @Test
  void bindAddressRange_expandsToEachAddress() {
    assertThat(BindAddresses.expand(java.util.List.of("127.0.0.1-3", "10.0.0.9")))
        .containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3", "10.0.0.9");
  }
}
