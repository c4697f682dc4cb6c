package io.hubscope.hub.boot.tap;

import io.hubscope.forward.ForwardingMiddleware;
import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.tap.NodeLink;
import io.hubscope.tap.Tap;
import io.hubscope.tap.TapOptions;

/**
 * The tap's place on a node that forwards or receives forwarded clients. On a proxy (an app with a
 * {@link ForwardingMiddleware}) the tap also sees the pushes the proxy delivers for the app server;
 * on an app server it sees its direct clients, leaving clients behind proxies to their proxies'
 * taps and the proxies' pooled connections (recognised by the app's {@link ForwardReceiver}) out
 * altogether: mirroring them would add pool-size connections per proxy to the dashboard. An app
 * server's tap also reports the proxies linked to it, so the observer can draw the cluster.
 */
final class ForwardingTapPlacement implements TapPlacement {

  private final ForwardingMiddleware forwarder;
  private final ForwardReceiver receiver;

  ForwardingTapPlacement(ForwardingMiddleware forwarder, ForwardReceiver receiver) {
    this.forwarder = forwarder;
    this.receiver = receiver;
  }

  @Override
  public String role() {
    return forwarder == null ? "app" : "proxy";
  }

  @Override
  public void configure(TapOptions.Builder options) {
    if (receiver != null) {
      options.notClients(receiver::isProxyConnection);
      // The proxies linked to this app server, by the names they report: the observer's topology.
      options.links(() -> receiver.directory().proxies().stream()
          .map(p -> NodeLink.proxy(p.nodeName(), p.nodeId(), p.url())).toList());
    }
  }

  @Override
  public void attach(Tap tap) {
    // The pushes a proxy delivers come from the app server and never pass its hub's response middlewares.
    if (forwarder != null) forwarder.observeDeliveries(tap);
  }
}
