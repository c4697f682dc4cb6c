package io.hubscope.hub.boot;

import io.hubscope.hub.server.HubServerBuilder;

/**
 * A bean that adjusts the {@link HubServerBuilder} before {@link HubAutoConfiguration} builds the
 * hub: how features such as forwarding, the forward receiver or the negotiate policies plug in.
 * Customizers run in bean order, after the middleware beans are added.
 */
@FunctionalInterface
public interface HubServerCustomizer {

  void customize(HubServerBuilder builder);
}
