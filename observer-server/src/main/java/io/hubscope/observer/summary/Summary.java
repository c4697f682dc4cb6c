package io.hubscope.observer.summary;

import java.util.List;

/**
 * The overview: counts, rates per second (averaged over the last 5 s), totals, tap drops, ingest
 * health, and per-node figures for the topology picture.
 */
public record Summary(
    long time,
    int activeConnections,
    int closedConnections,
    long untrackedConnections,
    int nodes,
    double msgsInPerSec,
    double msgsOutPerSec,
    double bytesInPerSec,
    double bytesOutPerSec,
    long msgsIn,
    long msgsOut,
    long bytesIn,
    long bytesOut,
    long tapDropped,
    long tapSeqGaps,
    long ingestBatches,
    long ingestAccepted,
    long ingestRejected,
    List<NodeLink> topology) {

  /** One node in the topology: its role and the load on its client link. */
  public record NodeLink(
      String id, String role, String name, int connections, double msgsInPerSec,
      double msgsOutPerSec, boolean stale) {}
}
