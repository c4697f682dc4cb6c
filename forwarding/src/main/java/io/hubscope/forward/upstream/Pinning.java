package io.hubscope.forward.upstream;

import io.hubscope.forward.envelope.Envelope;
import io.hubscope.forward.metrics.ForwardingMetrics;
import io.hubscope.hub.pipeline.CallType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Which app server and pooled connection each client is on. A client is pinned at its first call
 * to the available app server with the fewest clients of this proxy (RATIONALE.md: least loaded at
 * bind, not hashing or per-call), stays there while that app server is available, and is moved to
 * the least-loaded other one when it is not. Every new pin announces the client again and requests
 * its view models again, before anything else it sends.
 */
final class Pinning {

  private static final Logger LOG = LoggerFactory.getLogger(Pinning.class);

  private final List<UpstreamPool> pools;
  private final ForwardingMetrics metrics;

  Pinning(List<UpstreamPool> pools, ForwardingMetrics metrics) {
    this.pools = pools;
    this.metrics = metrics;
  }

  /**
   * The live pooled connection for {@code s}, pinning it anew when its own is gone; null when no
   * app server is available. Caller holds the session's lock.
   */
  OutboundPooledConnection bind(ClientSession s) {
    if (s.member != null && s.member.isLive(s.generation)) return s.member;
    if (s.member != null) s.member.groups.removeAll(s.id());
    UpstreamPool from = s.server;
    UpstreamPool to = from != null && from.isAvailable() ? from : leastLoaded();
    OutboundPooledConnection m = to == null ? null : to.pick(s.id());
    s.member = m;
    // Unreachable everywhere: the client stays counted on its app server until another takes it.
    if (m == null) return null;
    if (to != from) {
      if (from != null) {
        from.unpin();
        metrics.rehomed(from.name());
        LOG.debug("[{}] re-homed from {} to {}", s.id(), from.name(), to.name());
      }
      to.pin();
      s.server = to;
    }
    s.generation = m.generation();
    s.announced = false;
    for (Map.Entry<String, JsonNode> vm : s.activeViewModels()) {
      m.call(s, CallType.REQUEST_VM.method(), argsOf(vm.getKey(), vm.getValue()))
          .subscribe(null, e -> LOG.debug("[{}] could not restore {}: {}", s.id(), vm.getKey(), e.getMessage()));
    }
    return m;
  }

  /** The available app server with the fewest clients of this proxy; the first listed on a tie. */
  private UpstreamPool leastLoaded() {
    UpstreamPool best = null;
    for (UpstreamPool p : pools) {
      if (p.isAvailable() && (best == null || p.clients() < best.clients())) best = p;
    }
    return best;
  }

  /** What a client reads when no app server is available. */
  String unreachable() {
    List<String> names = new ArrayList<>();
    for (UpstreamPool p : pools) names.add(p.name());
    String which = names.size() == 1 ? "The app server is not reachable" : "No app server is reachable";
    return which + " from this proxy (" + String.join(", ", names) + "); try again shortly";
  }

  static List<JsonNode> argsOf(String vmId, JsonNode data) {
    List<JsonNode> args = new ArrayList<>(2);
    args.add(Envelope.text(vmId));
    if (data != null && !data.isNull()) args.add(data);
    return args;
  }
}
