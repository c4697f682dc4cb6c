package io.hubscope.hub.cluster;

/**
 * One shared (multicast) view-model instance in a cluster: its view-model id and hub group. Every
 * server maps the same requests to the same key, so the key is what an owner is elected for.
 */
public record SharedKey(String vmId, String group) {

  public SharedKey {
    if (vmId == null || vmId.isEmpty()) throw new IllegalArgumentException("vmId is empty");
    if (group == null || group.isEmpty()) throw new IllegalArgumentException("group is empty");
  }
}
