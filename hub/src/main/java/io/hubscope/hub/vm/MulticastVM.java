package io.hubscope.hub.vm;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;

/**
 * A view model shared by every connection that requests it (per view-model id and group name,
 * see {@link VMRegistry#registerMulticast}), reference-counted and disposed when the last member
 * leaves. Its members are in a hub group: {@link #pushUpdates()} goes to the whole group, and a
 * member's update reaches the other members too.
 *
 * <p>Handlers run on the threads of different connections at once: keep state thread-safe.
 */
public abstract class MulticastVM extends BaseVM {

  /** Ids of the connections currently sharing this instance (a live, read-only view). */
  public final Set<String> memberConnectionIds() {
    LiveVM live = binding();
    return live == null ? Set.of() : Collections.unmodifiableSet(live.memberIds());
  }

  /** The hub group its members are in; null before attached or when served privately by a master. */
  public final String groupName() {
    LiveVM live = binding();
    return live == null ? null : live.group;
  }

  /** Sends one property to the given connections only, e.g. a reply to the member that asked. */
  protected final void send(Collection<String> connectionIds, String propertyName, Object value) {
    LiveVM live = binding();
    if (live != null) live.send(connectionIds, propertyName, value);
  }

  /** Called when a connection joins, before it gets the full state. */
  protected void onMemberJoined(VMContext member) {}

  /** Called when a connection left (disposed the view model or disconnected). */
  protected void onMemberLeft(String connectionId) {}
}
