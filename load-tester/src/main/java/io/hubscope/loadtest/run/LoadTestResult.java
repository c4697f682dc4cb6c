package io.hubscope.loadtest.run;

import io.hubscope.loadtest.metrics.Percentiles;
import io.hubscope.loadtest.metrics.Resumption;

/**
 * What a run measured. Throughput is taken over the run phase only (all clients connected);
 * received and missed cover the whole test, as the seed's summary lines do.
 *
 * @param clients clients that connected at some point
 * @param received distinct messages received (broadcast ticks, echo pings, chat messages)
 * @param missed sequence gaps
 * @param missedPercent missed / (received + missed), in percent
 * @param throughputPerSecond messages received per second during the run phase (echo: round trips)
 * @param minAverage lowest per-client average interval (broadcast) or latency (others), ms
 * @param maxAverage highest per-client average, ms
 * @param meanAverage mean of the per-client averages, ms
 * @param latency latency percentiles over every message of the whole test, ms (echo: round trip;
 *     others: delivery)
 * @param runLatency the same over the messages received in the run phase only (every client
 *     connected, nobody joining or leaving): the steady state, as throughput is
 * @param cpuMicrosPerMessage this process's CPU time per received message during the run phase
 * @param allocatedBytesPerMessage heap bytes this process allocated per received message during the run phase
 * @param invocationsSent hub invocations the clients wrote (Request_VM, Update_VM), whole test
 * @param responsesReceived Response_VM messages the clients received (initial states included), whole test:
 *     with {@code invocationsSent}, what an observer of the clients' connections must count exactly
 * @param failedSends messages whose send failed back to the sender with an error (chat), counted in
 *     {@code errors} too but not in {@code missed}
 * @param resumption how long clients went without messages after {@link LoadTest#disrupted()}; null
 *     when nothing was disrupted
 * @param longestGapMillis the longest time any client went without a message in the run phase
 *     (broadcast: without a tick; until the phase's end included), ms; 0 when the profile does not
 *     measure it
 */
public record LoadTestResult(
    String profile,
    int requestedClients,
    int clients,
    long received,
    long missed,
    double missedPercent,
    long misdelivered,
    double throughputPerSecond,
    double minAverage,
    double maxAverage,
    double meanAverage,
    Percentiles latency,
    Percentiles runLatency,
    long connectFailures,
    long errors,
    long dropped,
    String firstError,
    double cpuMicrosPerMessage,
    double allocatedBytesPerMessage,
    double elapsedSeconds,
    boolean passed,
    long invocationsSent,
    long responsesReceived,
    long failedSends,
    Resumption.Summary resumption,
    double longestGapMillis) {
}
