package io.hubscope.loadtest.cli;

import io.hubscope.loadtest.bench.BenchCommand;
import io.hubscope.loadtest.bench.RawEchoServerCommand;
import io.hubscope.loadtest.profile.Profile;
import io.hubscope.loadtest.run.LoadTest;
import io.hubscope.loadtest.run.LoadTestResult;
import io.hubscope.loadtest.run.LoadTestSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code loadtest}: runs one load profile against one or more hubs and prints what it measured. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, version = "Hubscope load tester 0.1.0",
    sortOptions = false, usageHelpAutoWidth = true,
    subcommands = {BenchCommand.class, RawEchoServerCommand.class},
    description = {
        "Simulates many SignalR/dotNetify clients from one JVM and reports missed messages and latency.",
        "Exit status: 0 passed, 1 connections failed or messages were missed/errored, 2 could not run."})
public final class LoadTesterCommand implements Callable<Integer> {

  @Option(names = {"-s", "--server"}, split = ",", paramLabel = "URL[,URL...]",
      defaultValue = "http://localhost:8081/dotnetify",
      description = "Hub URL(s); clients are spread across them (default: ${DEFAULT-VALUE}).")
  List<String> servers;

  @Option(names = {"-p", "--profile"}, converter = ProfileConverter.class, defaultValue = "echo", paramLabel = "PROFILE",
      description = "broadcast | echo | sharedecho | chatroom | rawecho (default: ${DEFAULT-VALUE}).")
  Profile profile;

  @Option(names = {"-c", "--clients"}, defaultValue = "5", paramLabel = "N", description = "Clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = {"-r", "--run"}, defaultValue = "60", paramLabel = "SECONDS",
      description = "Run time with every client connected (default: ${DEFAULT-VALUE}).")
  int runSeconds;

  @Option(names = {"-u", "--ramp-up"}, defaultValue = "10", paramLabel = "SECONDS",
      description = "Time over which clients connect (default: ${DEFAULT-VALUE}).")
  int rampUpSeconds;

  @Option(names = {"-d", "--ramp-down"}, defaultValue = "10", paramLabel = "SECONDS",
      description = "Time over which clients disconnect (default: ${DEFAULT-VALUE}).")
  int rampDownSeconds;

  @Option(names = {"-i", "--interval"}, defaultValue = "1000", paramLabel = "MS",
      description = "Tick / ping interval; chat posters post every 11 or 59 intervals (default: ${DEFAULT-VALUE}).")
  int intervalMillis;

  @Option(names = {"-g", "--groups"}, defaultValue = "1", paramLabel = "N", description = "Chat rooms (default: ${DEFAULT-VALUE}).")
  int groups;

  @Option(names = "--protocol", defaultValue = "json", paramLabel = "json|messagepack",
      description = "Hub protocol (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = "--transport", defaultValue = "websockets", paramLabel = "websockets|sse|longpolling",
      description = "SignalR transport (default: ${DEFAULT-VALUE}); sse carries the JSON protocol only.")
  String transport;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
  Path jsonFile;

  @Option(names = "--bind-address", split = ",", paramLabel = "IP[,IP...]",
      description = "Source addresses to spread clients over, e.g. 127.0.0.1-8 for 127.0.0.1 to 127.0.0.8.")
  List<String> bindAddresses = List.of();

  @Option(names = "--max-missed", defaultValue = "0", paramLabel = "PERCENT",
      description = "Missed messages a passing run may have, in percent (default: ${DEFAULT-VALUE}).")
  double maxMissed;

  @Override
  public Integer call() throws IOException {
    LoadTestSettings settings;
    try {
      settings = new LoadTestSettings(servers, profile, clients, Duration.ofSeconds(runSeconds),
          Duration.ofSeconds(rampUpSeconds), Duration.ofSeconds(rampDownSeconds), intervalMillis, groups,
          protocol.toLowerCase(Locale.ROOT), BindAddresses.expand(bindAddresses), maxMissed, true,
          transport.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      System.err.println("loadtest: " + e.getMessage());
      return ExitCodes.CANNOT_RUN;
    }
    PrintStream out = System.out;
    out.printf("Profile=%s, Clients=%d, Servers=%s, Interval=%dms, Groups=%d, Run=%ds (ramp-up %ds, ramp-down %ds)%n",
        profile.displayName(), clients, String.join(",", servers), intervalMillis, groups, runSeconds,
        rampUpSeconds, rampDownSeconds);
    LoadTestResult result;
    try {
      result = new LoadTest(settings, out).run();
    } catch (io.hubscope.loadtest.run.LoadTestException e) {
      System.err.println("loadtest: " + e.getMessage());
      return ExitCodes.CANNOT_RUN;
    }
    SummaryPrinter.print(result, out);
    if (jsonFile != null) JsonReport.write(jsonFile, settings, result);
    return result.passed() ? ExitCodes.PASSED : ExitCodes.FAILED;
  }

  /** Accepts profile names in any case, with a message that lists the valid ones. */
  static final class ProfileConverter implements picocli.CommandLine.ITypeConverter<Profile> {
    @Override
    public Profile convert(String value) {
      for (Profile p : Profile.values()) {
        if (p.displayName().equalsIgnoreCase(value.trim())) return p;
      }
      throw new TypeConversionException("unknown profile '" + value + "' (use broadcast, echo, sharedecho, chatroom or rawecho)");
    }
  }
}
