package io.hubscope.hub.operations;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.limit.LimitExceededException;
import io.hubscope.hub.operations.OperationRefusedException.Kind;
import io.hubscope.hub.protocol.JsonMappers;
import io.hubscope.hub.server.HubServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator (over the tap's control path) or a backend (the app server's REST data plane)
 * may do to a running hub: close a client with a reason it reads in the Close message, push a
 * property update as {@code Response_VM} to one client, a group, every client of a view model or
 * everyone, and put a client in or take it out of a group.
 *
 * <p>Pushes take the view models' own path ({@link HubServer#responder()}): response middlewares
 * (the tap) see them once, and a client behind a proxy gets them down its pooled connection like
 * any view-model push. A push does not change the view model's state on the server: it is what a
 * view model's {@code pushUpdates} would send. Every argument is checked first; a refusal is an
 * {@link OperationRefusedException} and changes nothing. Safe from any thread; never blocks.
 */
public final class HubOperations {

  /** The default cap on the properties of one push, as JSON bytes. */
  public static final int DEFAULT_MAX_PUSH_BYTES = 16 * 1024;
  static final int MAX_NAME_CHARS = 256;
  static final int MAX_REASON_CHARS = 500;
  private static final JsonMapper MAPPER = JsonMappers.builder().build();

  private final HubServer hub;
  private final int maxPushBytes;
  private final Predicate<HubConnection> notClients;

  /** Operations on {@code hub} with the default push cap, every connection a client. */
  public HubOperations(HubServer hub) {
    this(hub, DEFAULT_MAX_PUSH_BYTES, c -> false);
  }

  /**
   * @param maxPushBytes the largest properties object one push may carry, as JSON bytes
   * @param notClients connections that are no clients (a proxy's pooled connections on an app
   *     server): never closed, pushed to or grouped from here
   */
  public HubOperations(HubServer hub, int maxPushBytes, Predicate<HubConnection> notClients) {
    if (maxPushBytes < 2) throw new IllegalArgumentException("maxPushBytes < 2: " + maxPushBytes);
    this.hub = hub;
    this.maxPushBytes = maxPushBytes;
    this.notClients = notClients;
  }

  public int maxPushBytes() {
    return maxPushBytes;
  }

  /** Whether this node holds the client {@code connectionId} (directly or as a logical connection). */
  public boolean holds(String connectionId) {
    HubConnection c = hub.connections().get(connectionId);
    return c != null && !notClients.test(c);
  }

  /** Closes a client; it receives {@code reason} in the Close message and is told not to reconnect. */
  public void disconnect(String connectionId, String reason) {
    HubConnection c = client(connectionId);
    c.close(CloseReason.OPERATOR, text(reason, "reason", MAX_REASON_CHARS, "Disconnected by an operator"));
  }

  /** Pushes {@code properties} for {@code vmId} to one client; returns 1. */
  public int sendToConnection(String connectionId, String vmId, JsonNode properties) {
    String data = vmData(properties);
    String vm = name(vmId, "vmId");
    client(connectionId);
    hub.responder().respond(connectionId, vm, data);
    return 1;
  }

  /** Pushes to every member of {@code group}; returns how many it reaches. */
  public int sendToGroup(String group, String vmId, JsonNode properties) {
    String data = vmData(properties);
    String vm = name(vmId, "vmId");
    String g = name(group, "group");
    int members = hub.groups().size(g);
    hub.responder().respondToGroup(g, vm, data, List.of());
    return members;
  }

  /** Pushes to every client holding the view model {@code vmId}; returns how many. */
  public int sendToViewModel(String vmId, JsonNode properties) {
    String data = vmData(properties);
    String vm = name(vmId, "vmId");
    List<String> holders = hub.viewModels().holders(vm);
    if (!holders.isEmpty()) hub.responder().respondToMany(holders, vm, data);
    return holders.size();
  }

  /** Pushes to every client of this node; returns how many. */
  public int sendToAll(String vmId, JsonNode properties) {
    String data = vmData(properties);
    String vm = name(vmId, "vmId");
    List<String> ids = new ArrayList<>();
    for (HubConnection c : hub.connections().all()) {
      if (!notClients.test(c)) ids.add(c.id());
    }
    if (!ids.isEmpty()) hub.responder().respondToMany(ids, vm, data);
    return ids.size();
  }

  /** Adds a client to {@code group} (a proxy mirrors it); refused past the groups-per-connection limit. */
  public void addToGroup(String connectionId, String group) {
    String g = name(group, "group");
    client(connectionId);
    try {
      hub.groups().add(connectionId, g);
    } catch (LimitExceededException e) {
      throw new OperationRefusedException(Kind.LIMIT, e.getMessage());
    }
  }

  /** Takes a client out of {@code group}. */
  public void removeFromGroup(String connectionId, String group) {
    String g = name(group, "group");
    client(connectionId);
    hub.groups().remove(connectionId, g);
  }

  private HubConnection client(String connectionId) {
    String id = name(connectionId, "connectionId");
    HubConnection c = hub.connections().get(id);
    if (c == null || notClients.test(c)) {
      throw new OperationRefusedException(Kind.NOT_FOUND, "No client connection '" + id + "' on this node");
    }
    return c;
  }

  /** The properties as the vmData string of a push: a JSON object no larger than the cap. */
  String vmData(JsonNode properties) {
    if (properties == null || !properties.isObject()) {
      throw new OperationRefusedException(Kind.INVALID, "properties must be a JSON object, e.g. {\"Greeting\":\"hi\"}");
    }
    String json = MAPPER.writeValueAsString(properties);
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxPushBytes) {
      throw new OperationRefusedException(Kind.TOO_LARGE,
          "properties are " + bytes + " bytes of JSON; at most " + maxPushBytes + " are allowed");
    }
    return json;
  }

  private static String name(String value, String what) {
    if (value == null || value.isBlank()) throw new OperationRefusedException(Kind.INVALID, what + " is missing");
    return text(value, what, MAX_NAME_CHARS, null);
  }

  private static String text(String value, String what, int max, String fallback) {
    if (value == null || value.isBlank()) return fallback;
    if (value.length() > max) {
      throw new OperationRefusedException(Kind.INVALID, what + " is longer than " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new OperationRefusedException(Kind.INVALID, what + " contains control characters");
      }
    }
    return value;
  }
}
