/**
 * The hub's cluster SPI: how several hub servers share multicast view models and groups. The hub
 * calls a {@link io.hubscope.hub.cluster.HubCluster} only when one is configured; an
 * implementation (such as {@code hub-redis}) lives outside this library.
 */
package io.hubscope.hub.cluster;
