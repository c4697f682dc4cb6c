package io.hubscope.hub.boot.tap;

import io.hubscope.forward.ForwardingMiddleware;
import io.hubscope.forward.receiver.ForwardReceiver;
import io.hubscope.tap.Tap;
import io.hubscope.tap.TapOptions;

/**
 * The tap's place on a node that forwards or receives forwarded clients. On a proxy (an app with a
 * {@link ForwardingMiddleware}) the tap also sees the pushes the proxy delivers for the app server;
 * on an app server it sees its direct clients, leaving clients behind proxies to their proxies'
 * taps and the proxies' pooled connections (recognised by the app's {@link ForwardReceiver}) out
 * altogether: mirroring them would add pool-size connections per proxy to the dashboard.
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
    if (receiver != null) options.notClients(receiver::isProxyConnection);
  }

  @Override
  public void attach(Tap tap) {
    // The pushes a proxy delivers come from the app server and never pass its hub's response middlewares.
    if (forwarder != null) forwarder.observeDeliveries(tap);
  }
}
