package io.hubscope.observer.summary;

import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.ingest.IngestService;
import io.hubscope.observer.nodes.NodeRegistry;
import io.hubscope.observer.nodes.NodeState;
import io.hubscope.observer.throughput.ThroughputService;
import io.hubscope.observer.throughput.ThroughputService.Rates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the overview from the aggregation; cheap enough to run once a second per viewer. */
public final class SummaryService {

  static final int RATE_SECONDS = 5;
  /** A node silent for this long is drawn as stale: taps send host events every second. */
  static final long STALE_MILLIS = 10_000;

  private final NodeRegistry nodes;
  private final ConnectionTable connections;
  private final ThroughputService throughput;
  private final IngestService ingest;
  private final Clock clock;

  public SummaryService(NodeRegistry nodes, ConnectionTable connections, ThroughputService throughput,
      IngestService ingest, Clock clock) {
    this.nodes = nodes;
    this.connections = connections;
    this.throughput = throughput;
    this.ingest = ingest;
    this.clock = clock;
  }

  public Summary summary() {
    long now = clock.millis();
    long msgsIn = 0, msgsOut = 0, bytesIn = 0, bytesOut = 0, dropped = 0, gaps = 0;
    List<Summary.NodeLink> topology = new ArrayList<>();
    List<NodeState> sorted = nodes.sorted();
    LinkResolver links = new LinkResolver(sorted);
    for (NodeState n : sorted) {
      msgsIn += n.messagesIn();
      msgsOut += n.messagesOut();
      bytesIn += n.bytesIn();
      bytesOut += n.bytesOut();
      dropped += n.tap().droppedTotal();
      gaps += n.tap().seqGaps();
      Rates r = throughput.rates(RATE_SECONDS, n.id());
      topology.add(new Summary.NodeLink(n.id(), n.role(), n.name(), n.activeConnections(),
          r.msgsIn(), r.msgsOut(), now - n.lastSeen() > STALE_MILLIS, links.resolve(n.links())));
    }
    Rates all = throughput.rates(RATE_SECONDS, null);
    return new Summary(now, connections.activeCount(), connections.closedCount(),
        connections.untracked(), topology.size(), all.msgsIn(), all.msgsOut(), all.bytesIn(),
        all.bytesOut(), msgsIn, msgsOut, bytesIn, bytesOut, dropped, gaps, ingest.batches(),
        ingest.accepted(), ingest.rejected(), topology);
  }
}
