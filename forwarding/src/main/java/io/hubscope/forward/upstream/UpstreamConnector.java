package io.hubscope.forward.upstream;

import io.hubscope.forward.ForwardingOptions;
import io.hubscope.forward.envelope.LinkProof;
import io.hubscope.forward.trust.LinkProofs;
import io.hubscope.forward.trust.SharedSecrets;
import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.protocol.HubProtocols;
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

  UpstreamConnector(ForwardingOptions options, String nodeId) {
    this.options = options;
    this.nodeId = nodeId;
    this.proofs = options.sharedSecret() == null ? null : new LinkProofs(SharedSecrets.of(options.sharedSecret()));
    ByteCounter counter = new ByteCounter(options.metrics());
    this.http = HttpClient.create()
        .doOnChannelInit((observer, channel, address) -> channel.pipeline().addFirst("hubscope.bytes", counter));
  }

  HubClient client(String url) {
    HubClient.Builder b = HubClient.builder(url)
        .protocol(options.useMessagePack() ? HubProtocols.MESSAGE_PACK : HubProtocols.JSON)
        .httpClient(http)
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
