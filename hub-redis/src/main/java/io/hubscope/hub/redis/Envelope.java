package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.connection.ConnectionInfo;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One message between servers on Redis. Fields a kind does not use are null (or empty).
 *
 * @param kind what it is
 * @param server the sending server's id
 * @param lease the owner's lease value it speaks for (or, to an owner, the lease the member knows)
 * @param vmId the shared view model's id
 * @param group its hub group (or an application group)
 * @param connection the member (id, address, user agent, headers, transport, protocol)
 * @param vmArg a join's {@code $vmArg}
 * @param headers a join's {@code $headers}
 * @param data an update's property values
 * @param vmData a response's vmData (a JSON object string)
 * @param excluded connections a group message skips
 * @param call the call a RESULT answers; 0 when no answer is wanted
 * @param errorType a failed call's exception type, null when it succeeded
 * @param errorMessage a failed call's message
 * @param target an application group send's method
 * @param args an application group send's arguments
 */
record Envelope(
    Kind kind,
    String server,
    String lease,
    String vmId,
    String group,
    ConnectionInfo connection,
    JsonNode vmArg,
    JsonNode headers,
    JsonNode data,
    String vmData,
    List<String> excluded,
    long call,
    String errorType,
    String errorMessage,
    String target,
    List<JsonNode> args) {

  enum Kind {
    /** Member server to owner: a member requests the view model. */
    JOIN,
    /** Member server to owner: a member's Update_VM. */
    UPDATE,
    /** Member server to owner: a member disposed it or disconnected. */
    LEAVE,
    /** Owner to member server: how a JOIN or UPDATE went. */
    RESULT,
    /** Owner to member server: a response to one member. */
    RESPOND,
    /** Owner to member server: put a member in the view model's group. */
    ADD,
    /** Owner to member server: take a member out of the view model's group. */
    REMOVE,
    /** Owner to every server: a push to the view model's group. */
    VM_GROUP,
    /** Any server to every server: an application group send. */
    GROUP
  }

  Envelope {
    excluded = excluded == null ? List.of() : excluded;
    args = args == null ? List.of() : args;
  }

  static Envelope toOwner(Kind kind, String server, String lease, SharedKey key, ConnectionInfo connection,
      JsonNode vmArg, JsonNode headers, JsonNode data, long call) {
    return new Envelope(kind, server, lease, key.vmId(), key.group(), connection, vmArg, headers, data, null, null,
        call, null, null, null, null);
  }

  static Envelope toMember(Kind kind, String server, String lease, SharedKey key, String connectionId, String vmData) {
    ConnectionInfo member = connectionId == null ? null : new ConnectionInfo(connectionId, null, 0, null, null, null, null);
    return new Envelope(kind, server, lease, key.vmId(), key.group(), member, null, null, null, vmData, null, 0,
        null, null, null, null);
  }

  static Envelope result(String server, long call, String errorType, String errorMessage) {
    return new Envelope(Kind.RESULT, server, null, null, null, null, null, null, null, null, null, call,
        errorType, errorMessage, null, null);
  }

  static Envelope vmGroup(String server, String lease, SharedKey key, String vmData, List<String> excluded) {
    return new Envelope(Kind.VM_GROUP, server, lease, key.vmId(), key.group(), null, null, null, null, vmData,
        excluded, 0, null, null, null, null);
  }

  static Envelope group(String server, String group, List<String> excluded, String target, List<JsonNode> args) {
    return new Envelope(Kind.GROUP, server, null, null, group, null, null, null, null, null, excluded, 0, null,
        null, target, args);
  }

  SharedKey key() {
    return new SharedKey(vmId, group);
  }

  String connectionId() {
    return connection == null ? null : connection.id();
  }
}
