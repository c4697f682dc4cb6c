package io.hubscope.hub.boot.tap;

import io.hubscope.tap.Tap;
import io.hubscope.tap.TapOptions;

/**
 * Where a node's tap sits: its role, which connections are links rather than clients, and the
 * deliveries that reach clients without passing the hub's response middlewares. The forwarding
 * module contributes one (proxy or app server behind proxies); a node without it is a plain app.
 */
public interface TapPlacement {

  /** The role the observer shows for this node: {@code app} or {@code proxy}. */
  String role();

  /** Adjusts the tap's options before it is built. */
  void configure(TapOptions.Builder options);

  /** Hooks the started tap into what delivers past the hub's response middlewares. */
  void attach(Tap tap);

  /** A node with neither a forwarder nor a receiver. */
  TapPlacement PLAIN_APP = new TapPlacement() {
    @Override public String role() { return "app"; }
    @Override public void configure(TapOptions.Builder options) { }
    @Override public void attach(Tap tap) { }
  };
}
