/** The Hubscope hub: SignalR transport, hub protocols, middleware pipeline and view-model runtime. */
package io.hubscope.hub;
