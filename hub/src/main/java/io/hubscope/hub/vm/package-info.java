/**
 * The view-model runtime: dotNetify MVVM semantics, independent of the transport.
 *
 * <p>Writing view models: extend {@link io.hubscope.hub.vm.BaseVM} (or
 * {@link io.hubscope.hub.vm.MulticastVM} for one instance shared by many connections), declare
 * {@link io.hubscope.hub.vm.Property properties}, {@link io.hubscope.hub.vm.ListProperty keyed lists}
 * and commands in the constructor, and register the type in a {@link io.hubscope.hub.vm.VMRegistry}.
 *
 * <p>Wiring a hub: create one {@link io.hubscope.hub.vm.VMRuntime} with the registry, the hub's
 * {@link io.hubscope.hub.vm.VMResponder} and a scheduler for view-model timers, then call it from the
 * hub methods:
 * <ul>
 *   <li>{@code Request_VM(vmId, data)}: {@code runtime.request(connection, items, vmId, data)}</li>
 *   <li>{@code Update_VM(vmId, data)}: {@code runtime.update(connection, vmId, data)}</li>
 *   <li>{@code Dispose_VM(vmId)}: {@code runtime.dispose(connectionId, vmId)}</li>
 *   <li>connection closed: {@code runtime.disconnect(connectionId)}</li>
 * </ul>
 * then send the invocation's completion. When a call throws {@link io.hubscope.hub.vm.VMException},
 * the client already has the error {@code Response_VM}; complete the invocation with the exception's
 * message. Calls for one connection should arrive in the order the client sent them.
 */
package io.hubscope.hub.vm;
