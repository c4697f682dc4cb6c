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

  /**
   * One node in the topology: its role, the load on its client link and the nodes it reports
   * being linked to (an app server: the proxies forwarding to it); {@code links} is null when the
   * node does not report links (a proxy, an older tap).
   */
  public record NodeLink(
      String id, String role, String name, int connections, double msgsInPerSec,
      double msgsOutPerSec, boolean stale, List<Link> links) {}

  /**
   * A link a node reports: the linked node's role, name, id and URL as the reporting node knows
   * them ({@code id} and {@code url} may be null), and {@code node}, the id of the tapped node it
   * is, or null when no tapped node answers to that name.
   */
  public record Link(String role, String name, String id, String url, String node) {}
}
