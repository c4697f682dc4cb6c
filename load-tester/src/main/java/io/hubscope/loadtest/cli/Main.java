package io.hubscope.loadtest.cli;

import io.hubscope.loadtest.bench.BenchCommand;
import io.netty.util.ResourceLeakDetector;
import java.util.Arrays;
import picocli.CommandLine;

/** Entry point of {@code load-tester.jar}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // Netty's leak detector keeps a stack trace of one buffer in 128, several per thousand messages
    // here: CPU the instrument takes from the servers it measures. The raw echo server keeps it, as
    // the hub's servers do, and so do the tests (they call run).
    boolean client = args.length == 0 || !"raw-echo-server".equals(args[0]);
    if (client && System.getProperty("io.netty.leakDetection.level") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (0 passed, 1 failed, 2 could not run). */
  public static int run(String... args) {
    // The benchmark is run as bin/bench, so its help and errors use that name.
    if (args.length > 0 && "bench".equals(args[0])) {
      return execute(new BenchCommand(), "bin/bench", Arrays.copyOfRange(args, 1, args.length));
    }
    return execute(new LoadTesterCommand(), "loadtest", args);
  }

  private static int execute(Object command, String name, String... args) {
    CommandLine cli = new CommandLine(command)
        .setCommandName(name)
        .setCaseInsensitiveEnumValuesAllowed(true)
        // Bad input gets one line and a hint, not the whole usage text or a stack trace.
        .setParameterExceptionHandler((e, a) -> {
          e.getCommandLine().getErr().println(name + ": " + e.getMessage());
          e.getCommandLine().getErr().println("Try '" + name + " --help' for the options.");
          return ExitCodes.CANNOT_RUN;
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println(name + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
          return ExitCodes.CANNOT_RUN;
        });
    return cli.execute(args);
  }
}
