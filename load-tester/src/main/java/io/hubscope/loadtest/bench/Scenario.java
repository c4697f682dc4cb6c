package io.hubscope.loadtest.bench;

import io.hubscope.loadtest.profile.Profile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the benchmark: a load profile against one kind of target.
 *
 * @param baseline the scenario (same run) whose throughput this one is divided by, or null
 * @param skipReason why it cannot run on this machine now, or null
 * @param observer what the observer must be doing while this scenario runs
 * @param heapPerClient whether to measure the target server's heap per connected client (after a
 *     full GC, with every client connected, against the same without them)
 * @param transport the clients' SignalR transport, as {@code loadtest --transport} names it
 */
record Scenario(String name, Profile profile, int clients, int groups, int intervalMillis, Target target,
    Duration rampUp, Duration run, Duration rampDown, String baseline, String skipReason, Observer observer,
    boolean heapPerClient, String transport) {

  Scenario(String name, Profile profile, int clients, int groups, int intervalMillis, Target target,
      Duration rampUp, Duration run, Duration rampDown, String baseline, String skipReason, Observer observer,
      boolean heapPerClient) {
    this(name, profile, clients, groups, intervalMillis, target, rampUp, run, rampDown, baseline, skipReason,
        observer, heapPerClient, "websockets");
  }

  Scenario(String name, Profile profile, int clients, int groups, int intervalMillis, Target target,
      Duration rampUp, Duration run, Duration rampDown, String baseline, String skipReason) {
    this(name, profile, clients, groups, intervalMillis, target, rampUp, run, rampDown, baseline, skipReason,
        Observer.ANY, false);
  }

  /** Where the clients connect. */
  enum Target {
    /** The app server's hub directly. */
    APP,
    /** The raw Reactor Netty echo server. */
    RAW,
    /** One proxy in front of the app server. */
    ONE_PROXY,
    /** Two proxies, clients spread across them. */
    TWO_PROXIES,
    /** One proxy like {@link #ONE_PROXY} but with its tap on, mirroring to the observer. */
    TAPPED_PROXY
  }

  /** The observer's state during a scenario: the tap must cost clients nothing in any of them. */
  enum Observer {
    /** Whatever it is (scenarios without a tap). */
    ANY,
    /** Running and absorbing the tap's batches. */
    UP,
    /** Frozen (SIGSTOP): its sockets stay open but it reads nothing. */
    STALLED,
    /** Killed: the tap cannot connect. */
    DOWN
  }

  Scenario skipped(String reason) {
    return new Scenario(name, profile, clients, groups, intervalMillis, target, rampUp, run, rampDown, baseline, reason,
        observer, heapPerClient, transport);
  }

  private Scenario tapped(String name, Observer observer, String skipReason) {
    return new Scenario(name, profile, clients, groups, intervalMillis, Target.TAPPED_PROXY, rampUp, run, rampDown,
        this.name, skipReason, observer, false);
  }

  /**
   * The standard scenarios. Echo uses a 1 ms ping interval so every connection pings as fast as the
   * server answers: round trips per second is then the server's capacity at that connection count.
   */
  static List<Scenario> standard(boolean quick, boolean proxies, boolean observer) {
    Duration echoRun = Duration.ofSeconds(quick ? 3 : 12);
    Duration longRun = Duration.ofSeconds(quick ? 6 : 20);
    List<Scenario> all = new ArrayList<>();
    for (int clients : new int[] {100, 1000}) {
      Duration rampUp = Duration.ofSeconds(clients >= 1000 ? 3 : 1);
      String raw = "echo raw " + clients;
      all.add(new Scenario("echo hub " + clients, Profile.ECHO, clients, 1, 1, Target.APP, rampUp, echoRun,
          Duration.ofSeconds(1), raw, null));
      all.add(new Scenario(raw, Profile.RAWECHO, clients, 1, 1, Target.RAW, rampUp, echoRun,
          Duration.ofSeconds(1), null, null));
    }
    // The HTTP transports beside WebSockets, same load, same run: what a client behind a proxy
    // that blocks WebSockets gets (the baseline is the WebSocket row).
    for (String transport : List.of("sse", "longpolling")) {
      all.add(new Scenario("echo hub 100 " + transport, Profile.ECHO, 100, 1, 1, Target.APP, Duration.ofSeconds(1),
          echoRun, Duration.ofSeconds(1), "echo hub 100", null, Observer.ANY, false, transport));
    }
    String noProxy = proxies ? null : "skipped (no proxy-agent)";
    Scenario viaProxy = new Scenario("echo 1 proxy 1000", Profile.ECHO, 1000, 1, 1, Target.ONE_PROXY,
        Duration.ofSeconds(3), echoRun, Duration.ofSeconds(1), "echo hub 1000", noProxy);
    all.add(viaProxy);
    // The tap's cost, side by side with the same proxy load without a tap (the baseline).
    String noTap = noProxy != null ? noProxy : observer ? null : "skipped (no observer-server)";
    all.add(viaProxy.tapped("echo proxy+tap 1000", Observer.UP, noTap));
    all.add(viaProxy.tapped("echo proxy+tap, obs stalled", Observer.STALLED, noTap));
    all.add(viaProxy.tapped("echo proxy+tap, obs down", Observer.DOWN, noTap));
    // Idle clients on a proxy (subscribed to a broadcast that ticks every 5 s): its heap per client.
    all.add(new Scenario("idle 1 proxy 5000", Profile.BROADCAST, 5000, 1, 5_000, Target.ONE_PROXY,
        Duration.ofSeconds(8), Duration.ofSeconds(3), Duration.ofSeconds(2), null, noProxy, Observer.ANY, true));
    all.add(new Scenario("broadcast 2 proxies 1000", Profile.BROADCAST, 1000, 1, 1000, Target.TWO_PROXIES,
        Duration.ofSeconds(3), longRun, Duration.ofSeconds(2), null, noProxy));
    all.add(new Scenario("broadcast 2 proxies 10000", Profile.BROADCAST, 10000, 1, 1000, Target.TWO_PROXIES,
        Duration.ofSeconds(15), longRun, Duration.ofSeconds(3), null, noProxy));
    all.add(new Scenario("chatroom 2 proxies 2000/10", Profile.CHATROOM, 2000, 10, 1000, Target.TWO_PROXIES,
        Duration.ofSeconds(4), longRun, Duration.ofSeconds(2), null, noProxy));
    // The same broadcast and chat loads straight at the app server: the reference for the proxy
    // rows (in a quick run only when there are no proxies, to stay within its time).
    if (!quick || !proxies) addDirect(all, longRun);
    return all;
  }

  private static void addDirect(List<Scenario> all, Duration longRun) {
    all.add(new Scenario("broadcast hub 1000", Profile.BROADCAST, 1000, 1, 1000, Target.APP,
        Duration.ofSeconds(3), longRun, Duration.ofSeconds(2), null, null));
    all.add(new Scenario("chatroom hub 2000/10", Profile.CHATROOM, 2000, 10, 1000, Target.APP,
        Duration.ofSeconds(4), longRun, Duration.ofSeconds(2), null, null));
  }
}
