/** Bounds on connections, negotiations, view models and groups; see {@link io.hubscope.hub.limit.HubLimits}. */
package io.hubscope.hub.limit;
