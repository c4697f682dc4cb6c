/**
 * A reactive SignalR hub client on Reactor Netty, lean enough to run thousands of connections in
 * one JVM: start with {@link io.hubscope.hub.client.HubClient#builder(String)}.
 */
package io.hubscope.hub.client;
