package io.hubscope.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** bin/bench's command line: its own name, and an --only word that names no row refused before any server starts. */
class BenchCliTests {

  @Test
  void help_callsItselfBinBench() {
    Console c = Console.run("bench", "--help");

    assertThat(c.exitCode()).isZero();
    assertThat(c.out()).contains("Usage: bin/bench", "--only", "--quick").doesNotContain("loadtest bench");
  }

  @Test
  void onlyWordMatchingNoRow_isRefusedWithTheRowsBeforeAnyServerStarts() {
    long started = System.nanoTime();
    Console c = Console.run("bench", "--only", "echo,nosuchrow", "--app-server-jar", "no/such/app-server.jar");

    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err().strip()).startsWith("bin/bench: --only 'nosuchrow' matches no scenario; the scenarios are: ")
        .contains("'echo hub 100'", "'echo proxy+tap, obs stalled'", "'observer ingest'", "'history'").doesNotContain("'echo'");
    assertThat(c.out()).doesNotContain("Starting");
    assertThat(System.nanoTime() - started).as("refused at once").isLessThan(5_000_000_000L);
  }

  @Test
  void onlyWordsThatMatch_passTheCheck() {
    Console c = Console.run("bench", "--only", "echo hub,ingest,history", "--app-server-jar", "no/such/app-server.jar");

    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("bin/bench: No app server at no/such/app-server.jar");
  }
}
