package io.hubscope.loadtest.bench;

import io.hubscope.loadtest.metrics.Resumption;
import java.util.Map;

/**
 * One scenario's figures in one run.
 *
 * @param loadTesterBytesPerMessage heap bytes the load tester allocated per message in the run phase
 * @param servers per server process that ran: CPU over the run phase (% of one core), RSS at its end (MB),
 *     CPU microseconds and heap bytes allocated per message the clients received
 * @param ratio throughput divided by the baseline's in the same run (p99 for a row with a p99 ratio goal), or NaN
 * @param tap what the tap sent and dropped during the scenario, or null without a tap
 * @param heapKbPerClient the target's heap per connected client after a full GC, or NaN when not measured
 * @param firstError the first error, drop or connect failure the clients saw, or why a goal was missed; or null
 * @param failover what killing an app server cost the clients, or null when none was killed
 * @param p99WholeTest the p99 latency over the whole test, ramp-up and ramp-down included ({@code p50}
 *     and {@code p99} are of the run phase), or NaN
 * @param longestGap the longest time a client went between two messages in the run phase (ms), or NaN
 */
record Measurement(double throughput, double p50, double p99, double missedPercent, long connectFailures,
    long errors, double loadTesterMicrosPerMessage, double loadTesterBytesPerMessage,
    Map<String, ServerFigures> servers, double ratio, boolean passed, TapStack.TapCounts tap, double heapKbPerClient,
    String firstError, Failover failover, double p99WholeTest, double longestGap) {

  Measurement(double throughput, double p50, double p99, double missedPercent, long connectFailures,
      long errors, double loadTesterMicrosPerMessage, double loadTesterBytesPerMessage,
      Map<String, ServerFigures> servers, double ratio, boolean passed, TapStack.TapCounts tap, double heapKbPerClient,
      String firstError) {
    this(throughput, p50, p99, missedPercent, connectFailures, errors, loadTesterMicrosPerMessage,
        loadTesterBytesPerMessage, servers, ratio, passed, tap, heapKbPerClient, firstError, null, Double.NaN,
        Double.NaN);
  }

  /** NaN for a figure that could not be measured. */
  record ServerFigures(double cpuPercent, double rssMb, double cpuMicrosPerMessage, double bytesPerMessage) {}

  /**
   * @param killed the app server killed
   * @param leasesHeld the shared view models it owned just before (its {@code hubscope.cluster.leases.owned}), -1 unknown
   * @param resumption how long its clients went without messages
   * @param failedSends messages whose send failed back to the sender (not missed: the sender knows)
   */
  record Failover(String killed, long leasesHeld, Resumption.Summary resumption, long failedSends) {}

  Measurement withRatio(double ratio) {
    return new Measurement(throughput, p50, p99, missedPercent, connectFailures, errors, loadTesterMicrosPerMessage,
        loadTesterBytesPerMessage, servers, ratio, passed, tap, heapKbPerClient, firstError, failover, p99WholeTest,
        longestGap);
  }

  Measurement withTap(TapStack.TapCounts tap) {
    return new Measurement(throughput, p50, p99, missedPercent, connectFailures, errors, loadTesterMicrosPerMessage,
        loadTesterBytesPerMessage, servers, ratio, passed, tap, heapKbPerClient, firstError, failover, p99WholeTest,
        longestGap);
  }

  /** Failed, because {@code why} (a goal missed); a failure the clients saw stays the first error. */
  Measurement failedGoal(String why) {
    return new Measurement(throughput, p50, p99, missedPercent, connectFailures, errors, loadTesterMicrosPerMessage,
        loadTesterBytesPerMessage, servers, ratio, false, tap, heapKbPerClient, passed ? why : firstError + "; " + why,
        failover, p99WholeTest, longestGap);
  }
}
