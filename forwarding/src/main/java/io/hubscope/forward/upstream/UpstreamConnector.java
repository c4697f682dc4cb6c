package io.hubscope.forward.upstream;

import io.hubscope.forward.ForwardingOptions;
import io.hubscope.forward.envelope.LinkProof;
import io.hubscope.forward.trust.LinkProofs;
import io.hubscope.forward.trust.SharedSecrets;
import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.protocol.HubProtocols;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import reactor.netty.http.client.HttpClient;

/**
 * Builds the hub client of each attempt to open a pooled connection, to any of the forwarder's app
 * servers: one HTTP client for all of them, counting the bytes on their sockets, and a fresh link
 * proof per attempt.
 */
final class UpstreamConnector {

  private final ForwardingOptions options;
  private final String nodeId;
  private final LinkProofs proofs;
  private final HttpClient http;
  private volatile List<EventLoop> loops;

  UpstreamConnector(ForwardingOptions options, String nodeId) {
    this.options = options;
    this.nodeId = nodeId;
    this.proofs = options.sharedSecret() == null ? null : new LinkProofs(SharedSecrets.of(options.sharedSecret()));
    ByteCounter counter = new ByteCounter(options.metrics());
    this.http = HttpClient.create()
        .doOnChannelInit((observer, channel, address) -> channel.pipeline().addFirst("hubscope.bytes", counter));
  }

  /**
   * The event loop pooled connection {@code index} of every app server runs on: the loops the
   * hub's own clients are served on, in turn. Without this every connection would land on one
   * loop (Reactor Netty's client loops stay with the thread that connects), and that one loop
   * would carry all of the proxy's upstream traffic.
   */
  EventLoop loop(int index) {
    List<EventLoop> all = loops;
    if (all == null) {
      List<EventLoop> found = new ArrayList<>();
      EventLoopGroup workers = http.configuration().loopResources().onServer(http.configuration().isPreferNative());
      for (EventExecutor e : workers) found.add((EventLoop) e);
      loops = all = List.copyOf(found);
    }
    return all.get(index % all.size());
  }

  /** A client for {@code url} whose connections run on {@code loop}. */
  HubClient client(String url, EventLoop loop) {
    HubClient.Builder b = HubClient.builder(url)
        .protocol(options.useMessagePack() ? HubProtocols.MESSAGE_PACK : HubProtocols.JSON)
        .httpClient(http.runOn(loop))
        // Straight to the WebSocket: one round trip less, and never redirected to a proxy.
        .skipNegotiation(true)
        .userAgent("hubscope-proxy/" + options.nodeName())
        .invocationTimeout(options.callTimeout())
        .maxMessageSize(16 * 1024 * 1024);
    // A fresh proof per attempt: the app server takes each proof once, bound to this node id.
    if (proofs != null) b.header(LinkProof.HEADER, proofs.issue(nodeId));
    return b.build();
  }
}
