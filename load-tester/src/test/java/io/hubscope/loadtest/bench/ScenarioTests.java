package io.hubscope.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.loadtest.bench.Scenario.Goals;
import io.hubscope.loadtest.metrics.Resumption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioTests {

  static Measurement measured(double throughput, double p99) {
    return new Measurement(throughput, 1, p99, 0, 0, 0, 10, 0, Map.of(), Double.NaN, true, null, Double.NaN, null);
  }

  static Measurement failover(Resumption.Summary resumption) {
    return new Measurement(1000, 1, 20, 0, 0, 3, 10, 0, Map.of(), Double.NaN, true, null, Double.NaN, null,
        new Measurement.Failover("app-server-2", 5, resumption, 3), 25, Double.NaN);
  }

  @Test
  void onlyCluster_picksTheClusterRows_andTheOneServerBroadcastTheirRatioNeeds() {
    List<Scenario> picked = Scenario.select(Scenario.standard(true, true, true), List.of("cluster"));

    assertThat(picked).extracting(Scenario::name).containsExactly("broadcast 2 proxies 10000",
        "chatroom cluster 2000/10", "broadcast cluster 10000", "failover cluster 2000/10");
    assertThat(picked).filteredOn(s -> s.name().contains("cluster")).allMatch(s -> s.target() == Scenario.Target.CLUSTER);
  }

  @Test
  void onlyCluster_startsTheClusterAndTheTwoProxiesOfItsBaseline_notTheRawServerOrTheObserver() {
    List<Scenario> picked = Scenario.select(Scenario.standard(true, true, true), List.of("cluster"));

    assertThat(Scenario.targets(picked)).containsExactlyInAnyOrder(Scenario.Target.TWO_PROXIES, Scenario.Target.CLUSTER);
    assertThat(Scenario.targets(Scenario.select(Scenario.standard(true, true, true, "no redis"), List.of("cluster"))))
        .containsExactly(Scenario.Target.TWO_PROXIES);
  }

  @Test
  void clusterRows_areSkippedWithTheReason_andTheOthersStay() {
    List<Scenario> all = Scenario.standard(false, true, true, "skipped (no redis-server on the PATH)");

    assertThat(all).filteredOn(s -> s.target() == Scenario.Target.CLUSTER).hasSize(3)
        .allMatch(s -> "skipped (no redis-server on the PATH)".equals(s.skipReason()));
    assertThat(all).filteredOn(s -> s.target() != Scenario.Target.CLUSTER).allMatch(s -> s.skipReason() == null);
  }

  @Test
  void quickRuns_keepTheCounts_andLeaveTheFailoverTimeToRecover() {
    Scenario failover = Scenario.standard(true, true, true).stream()
        .filter(s -> s.name().equals("failover cluster 2000/10")).findFirst().orElseThrow();

    assertThat(failover.clients()).isEqualTo(2000);
    assertThat(failover.run().minus(failover.killAfter()).toSeconds()).isGreaterThanOrEqualTo(8);
  }

  @Test
  void p99Goal_failsARowOverIt() {
    assertThat(Goals.p99Under(100).missedBy(measured(5000, 99))).isNull();
    assertThat(Goals.p99Under(100).missedBy(measured(5000, 140))).isEqualTo("p99 140.0 ms over 100 ms");
  }

  @Test
  void p99RatioGoal_comparesWithTheBaselinesP99() {
    Scenario cluster = Scenario.standard(true, true, true).stream()
        .filter(s -> s.name().equals("broadcast cluster 10000")).findFirst().orElseThrow();
    double ratio = BenchRunner.ratio(cluster, measured(10000, 420), measured(10050, 350));

    assertThat(ratio).isEqualTo(1.2);
    assertThat(cluster.goals().missedBy(measured(10000, 420).withRatio(ratio))).isNull();
    assertThat(cluster.goals().missedBy(measured(10000, 500).withRatio(1.43)))
        .isEqualTo("p99 1.43 times the baseline's, over 1.20");
    assertThat(cluster.goals().missedBy(measured(10000, 500))).isEqualTo("no baseline p99 to compare with");
  }

  @Test
  void resumeGoal_needsEveryClientReceivingAgainWithinIt() {
    Goals goals = Goals.resumeWithin(5000);

    assertThat(goals.missedBy(failover(new Resumption.Summary(2000, 0, 800, 3900)))).isNull();
    assertThat(goals.missedBy(failover(new Resumption.Summary(2000, 0, 800, 6200))))
        .isEqualTo("every client receiving again after 6.2 s, not within 5 s");
    assertThat(goals.missedBy(failover(new Resumption.Summary(2000, 12, 800, 3900))))
        .isEqualTo("12 clients never received again");
    assertThat(goals.missedBy(measured(1000, 20))).isEqualTo("no server was killed");
  }

  @Test
  void throughputRatio_isUnchangedForTheOtherRows() {
    Scenario proxy = Scenario.standard(true, true, true).stream()
        .filter(s -> s.name().equals("echo 1 proxy 1000")).findFirst().orElseThrow();

    assertThat(BenchRunner.ratio(proxy, measured(24000, 80), measured(33000, 60))).isEqualTo(0.73);
    assertThat(BenchRunner.ratio(proxy, measured(24000, 80), null)).isNaN();
  }
}
