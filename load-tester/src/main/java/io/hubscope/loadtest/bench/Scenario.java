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
 * @param goals what a run must reach to pass, beyond what every load test asks (no errors, nothing missed)
 * @param killAfter when, after the measured phase starts, to kill one app server of the cluster; null: none
 */
record Scenario(String name, Profile profile, int clients, int groups, int intervalMillis, Target target,
    Duration rampUp, Duration run, Duration rampDown, String baseline, String skipReason, Observer observer,
    boolean heapPerClient, String transport, Goals goals, Duration killAfter) {

  Scenario(String name, Profile profile, int clients, int groups, int intervalMillis, Target target,
      Duration rampUp, Duration run, Duration rampDown, String baseline, String skipReason, Observer observer,
      boolean heapPerClient, String transport) {
    this(name, profile, clients, groups, intervalMillis, target, rampUp, run, rampDown, baseline, skipReason,
        observer, heapPerClient, transport, Goals.NONE, null);
  }

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
    TAPPED_PROXY,
    /** Two proxies, each in front of both app servers of a cluster that share a Redis ({@link ClusterStack}). */
    CLUSTER
  }

  /**
   * Goals of a row beyond passing the load test; NaN for none.
   *
   * @param maxP99Millis the highest p99 latency
   * @param maxP99Ratio the highest p99 over the baseline's p99 in the same run (the ratio shown is then this one)
   * @param maxResumeMillis the longest time until every client receives again after the kill
   */
  record Goals(double maxP99Millis, double maxP99Ratio, double maxResumeMillis) {

    static final Goals NONE = new Goals(Double.NaN, Double.NaN, Double.NaN);

    static Goals p99Under(double millis) {
      return new Goals(millis, Double.NaN, Double.NaN);
    }

    static Goals p99RatioAtMost(double ratio) {
      return new Goals(Double.NaN, ratio, Double.NaN);
    }

    static Goals resumeWithin(double millis) {
      return new Goals(Double.NaN, Double.NaN, millis);
    }

    /** Why {@code m} (its ratio already taken) misses these goals, or null when it meets them. */
    String missedBy(Measurement m) {
      List<String> missed = new ArrayList<>();
      if (m.p99() > maxP99Millis) missed.add(String.format(java.util.Locale.ROOT, "p99 %.1f ms over %.0f ms", m.p99(), maxP99Millis));
      if (!Double.isNaN(maxP99Ratio) && !(m.ratio() <= maxP99Ratio)) {
        missed.add(Double.isNaN(m.ratio()) ? "no baseline p99 to compare with"
            : String.format(java.util.Locale.ROOT, "p99 %.2f times the baseline's, over %.2f", m.ratio(), maxP99Ratio));
      }
      if (!Double.isNaN(maxResumeMillis)) {
        Measurement.Failover f = m.failover();
        if (f == null || f.resumption() == null) {
          missed.add("no server was killed");
        } else if (f.resumption().never() > 0) {
          missed.add(f.resumption().never() + " clients never received again");
        } else if (!(f.resumption().everyClientMillis() < maxResumeMillis)) {
          missed.add(String.format(java.util.Locale.ROOT, "every client receiving again after %.1f s, not within %.0f s",
              f.resumption().everyClientMillis() / 1000, maxResumeMillis / 1000));
        }
      }
      return missed.isEmpty() ? null : String.join("; ", missed);
    }
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
        observer, heapPerClient, transport, goals, killAfter);
  }

  Scenario withGoals(Goals goals) {
    return new Scenario(name, profile, clients, groups, intervalMillis, target, rampUp, run, rampDown, baseline,
        skipReason, observer, heapPerClient, transport, goals, killAfter);
  }

  Scenario killingAfter(Duration killAfter) {
    return new Scenario(name, profile, clients, groups, intervalMillis, target, rampUp, run, rampDown, baseline,
        skipReason, observer, heapPerClient, transport, goals, killAfter);
  }

  /** Whether the ratio shown is of p99 latencies (lower is better) rather than of throughputs. */
  boolean p99Ratio() {
    return !Double.isNaN(goals.maxP99Ratio());
  }

  /** The targets of the scenarios that can run: the servers to start. */
  static java.util.Set<Target> targets(List<Scenario> scenarios) {
    java.util.Set<Target> targets = java.util.EnumSet.noneOf(Target.class);
    for (Scenario s : scenarios) if (s.skipReason() == null) targets.add(s.target());
    return targets;
  }

  /**
   * The scenarios {@code words} pick (their names contain one), in order, and the baselines of
   * those, so that every ratio shown has its baseline measured in the same run; all for no words.
   */
  static List<Scenario> select(List<Scenario> standard, List<String> words) {
    if (words.isEmpty()) return standard;
    java.util.Set<String> picked = new java.util.HashSet<>();
    for (Scenario s : standard) {
      if (words.stream().anyMatch(w -> s.name().contains(w))) {
        picked.add(s.name());
        if (s.baseline() != null) picked.add(s.baseline());
      }
    }
    return standard.stream().filter(s -> picked.contains(s.name())).toList();
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
    return standard(quick, proxies, observer, null);
  }

  /** The same; {@code noCluster}: why the cluster rows cannot run here (e.g. no redis-server), or null. */
  static List<Scenario> standard(boolean quick, boolean proxies, boolean observer, String noCluster) {
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
    // A longer ramp-up than the hub rows': after a 3 s one the proxy was still warming up in the
    // measured phase (the untapped row ran 16,344 rt/s after it, 22,057 after 8 s; docs/perf/tap.md,
    // round 7), so the ratios against it measured a cold proxy.
    Scenario viaProxy = new Scenario("echo 1 proxy 1000", Profile.ECHO, 1000, 1, 1, Target.ONE_PROXY,
        Duration.ofSeconds(quick ? 3 : 8), echoRun, Duration.ofSeconds(1), "echo hub 1000", noProxy);
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
    addCluster(all, quick, noProxy != null ? noProxy : noCluster);
    // The same broadcast and chat loads straight at the app server: the reference for the proxy
    // rows (in a quick run only when there are no proxies, to stay within its time).
    if (!quick || !proxies) addDirect(all, longRun);
    return all;
  }

  /**
   * The same chat and broadcast loads over two proxies in front of two app servers sharing a Redis
   * (issue 13), and the chat load while one of the app servers is killed. The failover row posts
   * twice as often (500 ms intervals): the time until a client receives again includes the wait for
   * its room's next post, which this keeps near 0.2 s.
   */
  private static void addCluster(List<Scenario> all, boolean quick, String skipReason) {
    Duration longRun = Duration.ofSeconds(quick ? 6 : 20);
    all.add(new Scenario("chatroom cluster 2000/10", Profile.CHATROOM, 2000, 10, 1000, Target.CLUSTER,
        Duration.ofSeconds(4), longRun, Duration.ofSeconds(2), null, skipReason).withGoals(Goals.p99Under(100)));
    all.add(new Scenario("broadcast cluster 10000", Profile.BROADCAST, 10000, 1, 1000, Target.CLUSTER,
        Duration.ofSeconds(15), longRun, Duration.ofSeconds(3), "broadcast 2 proxies 10000", skipReason)
        .withGoals(Goals.p99RatioAtMost(1.2)));
    all.add(new Scenario("failover cluster 2000/10", Profile.CHATROOM, 2000, 10, 500, Target.CLUSTER,
        Duration.ofSeconds(4), Duration.ofSeconds(quick ? 12 : 20), Duration.ofSeconds(2), null, skipReason)
        .withGoals(Goals.resumeWithin(5000)).killingAfter(Duration.ofSeconds(quick ? 4 : 6)));
  }

  private static void addDirect(List<Scenario> all, Duration longRun) {
    all.add(new Scenario("broadcast hub 1000", Profile.BROADCAST, 1000, 1, 1000, Target.APP,
        Duration.ofSeconds(3), longRun, Duration.ofSeconds(2), null, null));
    all.add(new Scenario("chatroom hub 2000/10", Profile.CHATROOM, 2000, 10, 1000, Target.APP,
        Duration.ofSeconds(4), longRun, Duration.ofSeconds(2), null, null));
  }
}
