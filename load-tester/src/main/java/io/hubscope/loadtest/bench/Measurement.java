package io.hubscope.loadtest.bench;

import java.util.Map;

/**
 * One scenario's figures in one run.
 *
 * @param loadTesterBytesPerMessage heap bytes the load tester allocated per message in the run phase
 * @param servers per server process that ran: CPU over the run phase (% of one core), RSS at its end (MB),
 *     CPU microseconds and heap bytes allocated per message the clients received
 * @param ratio throughput divided by the baseline's in the same run, or NaN
 * @param tap what the tap sent and dropped during the scenario, or null without a tap
 * @param heapKbPerClient the target's heap per connected client after a full GC, or NaN when not measured
 * @param firstError the first error, drop or connect failure the clients saw, or null
 */
record Measurement(double throughput, double p50, double p99, double missedPercent, long connectFailures,
    long errors, double loadTesterMicrosPerMessage, double loadTesterBytesPerMessage,
    Map<String, ServerFigures> servers, double ratio, boolean passed, TapStack.TapCounts tap, double heapKbPerClient,
    String firstError) {

  /** NaN for a figure that could not be measured. */
  record ServerFigures(double cpuPercent, double rssMb, double cpuMicrosPerMessage, double bytesPerMessage) {}

  Measurement withRatio(double ratio) {
    return new Measurement(throughput, p50, p99, missedPercent, connectFailures, errors, loadTesterMicrosPerMessage,
        loadTesterBytesPerMessage, servers, ratio, passed, tap, heapKbPerClient, firstError);
  }

  Measurement withTap(TapStack.TapCounts tap) {
    return new Measurement(throughput, p50, p99, missedPercent, connectFailures, errors, loadTesterMicrosPerMessage,
        loadTesterBytesPerMessage, servers, ratio, passed, tap, heapKbPerClient, firstError);
  }
}
