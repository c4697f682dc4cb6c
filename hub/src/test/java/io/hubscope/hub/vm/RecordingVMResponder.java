package io.hubscope.hub.vm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashMap;
import tools.jackson.databind.JsonNode;

/**
 * An in-memory {@link VMResponder} for tests: records every call and expands group and many sends
 * into per-connection deliveries using the group membership at send time, as a hub would.
 * Thread-safe. Shared through the hub test-jar.
 */
public final class RecordingVMResponder implements VMResponder {

  /** One responder call as made, e.g. {@code respondToGroup} with its group and exclusions. */
  public record Call(String method, String target, Collection<String> connectionIds, String vmId, String vmData) {}

  /** One {@code Response_VM} a connection received. */
  public record Delivery(String connectionId, String vmId, String vmData) {
    public JsonNode data() {
      return VMJson.mapper().readTree(vmData);
    }
  }

  private final List<Call> calls = new ArrayList<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final Map<String, Set<String>> groups = new HashMap<>();

  @Override
  public synchronized void respond(String connectionId, String vmId, String vmData) {
    calls.add(new Call("respond", connectionId, List.of(connectionId), vmId, vmData));
    deliver(connectionId, vmId, vmData);
  }

  @Override
  public synchronized void respondToMany(Collection<String> connectionIds, String vmId, String vmData) {
    calls.add(new Call("respondToMany", null, List.copyOf(connectionIds), vmId, vmData));
    for (String connectionId : connectionIds) deliver(connectionId, vmId, vmData);
  }

  @Override
  public synchronized void respondToGroup(String group, String vmId, String vmData, Collection<String> excluded) {
    calls.add(new Call("respondToGroup", group, List.copyOf(excluded), vmId, vmData));
    for (String connectionId : groups.getOrDefault(group, Set.of())) {
      if (!excluded.contains(connectionId)) deliver(connectionId, vmId, vmData);
    }
  }

  @Override
  public synchronized void addToGroup(String connectionId, String group) {
    calls.add(new Call("addToGroup", group, List.of(connectionId), null, null));
    groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(connectionId);
  }

  @Override
  public synchronized void removeFromGroup(String connectionId, String group) {
    calls.add(new Call("removeFromGroup", group, List.of(connectionId), null, null));
    Set<String> members = groups.get(group);
    if (members != null && members.remove(connectionId) && members.isEmpty()) groups.remove(group);
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<Call> calls(String method) {
    return calls.stream().filter(call -> call.method().equals(method)).toList();
  }

  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  public synchronized List<Delivery> deliveriesTo(String connectionId) {
    return deliveries.stream().filter(d -> d.connectionId().equals(connectionId)).toList();
  }

  /** The parsed vmData a connection received for one view model, in order. */
  public List<JsonNode> dataTo(String connectionId, String vmId) {
    return deliveriesTo(connectionId).stream().filter(d -> d.vmId().equals(vmId)).map(Delivery::data).toList();
  }

  /** The last vmData a connection received for one view model; fails when there is none. */
  public JsonNode lastDataTo(String connectionId, String vmId) {
    List<JsonNode> data = dataTo(connectionId, vmId);
    if (data.isEmpty()) throw new AssertionError("nothing delivered to " + connectionId + " for " + vmId);
    return data.get(data.size() - 1);
  }

  public synchronized Set<String> groupMembers(String group) {
    return Set.copyOf(groups.getOrDefault(group, Set.of()));
  }

  public synchronized Set<String> groups() {
    return Set.copyOf(groups.keySet());
  }

  /** Forgets calls and deliveries (group membership stays). */
  public synchronized void clear() {
    calls.clear();
    deliveries.clear();
  }

  /** Waits until {@code connectionId} received at least {@code count} deliveries for {@code vmId}. */
  public List<JsonNode> awaitData(String connectionId, String vmId, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<JsonNode> data = dataTo(connectionId, vmId);
      if (data.size() >= count) return data;
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " deliveries to " + connectionId + " for " + vmId
            + " within " + timeout + ", got " + data);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private void deliver(String connectionId, String vmId, String vmData) {
    deliveries.add(new Delivery(connectionId, vmId, vmData));
  }
}
