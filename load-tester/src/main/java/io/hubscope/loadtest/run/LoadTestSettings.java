package io.hubscope.loadtest.run;

import io.hubscope.loadtest.profile.Profile;
import java.time.Duration;
import java.util.List;

/**
 * One load test, as validated by the CLI.
 *
 * @param servers hub URLs; clients are spread across them round-robin
 * @param profile the workload
 * @param clients how many clients connect
 * @param run how long all clients stay connected (the measured phase)
 * @param rampUp over how long the clients connect
 * @param rampDown over how long they disconnect
 * @param intervalMillis the tick, ping or chat-post unit interval
 * @param groups chat rooms
 * @param protocol {@code json} or {@code messagepack}
 * @param bindAddresses local addresses to connect from, spread round-robin; empty for any
 * @param maxMissedPercent the most missed messages (in percent) a passing run may have
 * @param progress whether to print the live progress line
 * @param transport {@code websockets}, {@code sse} (Server-Sent Events) or {@code longpolling}
 */
public record LoadTestSettings(
    List<String> servers,
    Profile profile,
    int clients,
    Duration run,
    Duration rampUp,
    Duration rampDown,
    int intervalMillis,
    int groups,
    String protocol,
    List<String> bindAddresses,
    double maxMissedPercent,
    boolean progress,
    String transport) {

  /** The transports the {@code --transport} option names. */
  public static final List<String> TRANSPORTS = List.of("websockets", "sse", "longpolling");

  /** Settings over WebSockets. */
  public LoadTestSettings(List<String> servers, Profile profile, int clients, Duration run, Duration rampUp,
      Duration rampDown, int intervalMillis, int groups, String protocol, List<String> bindAddresses,
      double maxMissedPercent, boolean progress) {
    this(servers, profile, clients, run, rampUp, rampDown, intervalMillis, groups, protocol, bindAddresses,
        maxMissedPercent, progress, "websockets");
  }

  public LoadTestSettings {
    if (servers == null || servers.isEmpty()) throw new IllegalArgumentException("no server URL");
    if (clients < 1) throw new IllegalArgumentException("clients < 1: " + clients);
    if (run.isNegative() || run.isZero()) throw new IllegalArgumentException("run must be at least 1 s: " + run);
    if (rampUp.isNegative()) throw new IllegalArgumentException("ramp-up < 0: " + rampUp);
    if (rampDown.isNegative()) throw new IllegalArgumentException("ramp-down < 0: " + rampDown);
    if (intervalMillis < 1) throw new IllegalArgumentException("interval < 1 ms: " + intervalMillis);
    if (groups < 1) throw new IllegalArgumentException("groups < 1: " + groups);
    if (!"json".equals(protocol) && !"messagepack".equals(protocol)) {
      throw new IllegalArgumentException("protocol must be json or messagepack: " + protocol);
    }
    if (!TRANSPORTS.contains(transport)) {
      throw new IllegalArgumentException("transport must be one of " + String.join(", ", TRANSPORTS) + ": " + transport);
    }
    if ("sse".equals(transport) && "messagepack".equals(protocol)) {
      throw new IllegalArgumentException("Server-Sent Events carry text only: use --protocol json with --transport sse");
    }
    if (profile == Profile.RAWECHO && !"websockets".equals(transport)) {
      throw new IllegalArgumentException("the raw echo profile speaks WebSockets only: " + transport);
    }
    if (maxMissedPercent < 0) throw new IllegalArgumentException("max-missed < 0: " + maxMissedPercent);
    servers = List.copyOf(servers);
    bindAddresses = bindAddresses == null ? List.of() : List.copyOf(bindAddresses);
  }

  /** The same settings without the progress line (for the benchmark, which prints its own table). */
  public LoadTestSettings quiet() {
    return new LoadTestSettings(servers, profile, clients, run, rampUp, rampDown, intervalMillis, groups,
        protocol, bindAddresses, maxMissedPercent, false, transport);
  }
}
