package io.hubscope.loadtest.cli;

import picocli.CommandLine;

/** Entry point of {@code load-tester.jar}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (0 passed, 1 failed, 2 could not run). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new LoadTesterCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        // Bad input gets one line and a hint, not the whole usage text or a stack trace.
        .setParameterExceptionHandler((e, a) -> {
          e.getCommandLine().getErr().println("loadtest: " + e.getMessage());
          e.getCommandLine().getErr().println("Try 'loadtest --help' for the options.");
          return ExitCodes.CANNOT_RUN;
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("loadtest: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
          return ExitCodes.CANNOT_RUN;
        });
    return cli.execute(args);
  }
}
