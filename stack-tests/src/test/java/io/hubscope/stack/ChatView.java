package io.hubscope.stack;

import io.hubscope.stack.StackClients.Client;
import io.hubscope.stack.StackClients.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one member of a chat room saw, as its dotNetify client would hold the room: the messages in
 * the order it first saw them, as a {@code Messages_add} push or in a full state (which replaces
 * the client's list, so what it lists again is no duplicate); a message pushed again is one.
 * Read from the member's responses on the test thread.
 */
final class ChatView {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  final Client client;
  /** Message ids in the order this member first saw them. */
  final List<String> order = new ArrayList<>();
  final Map<String, Long> seenAt = new HashMap<>();
  final List<String> duplicates = new ArrayList<>();
  final List<String> errors = new ArrayList<>();

  ChatView(Client client) {
    this.client = client;
  }

  /** Reads what arrived since the last call. */
  void read() {
    for (Response r = client.responses.poll(); r != null; r = client.responses.poll()) {
      if (!ChatTraffic.VM.equals(r.vmId())) continue;
      JsonNode data = JSON.readTree(r.vmData());
      if (data.has("ExceptionType")) {
        errors.add(data.path("ExceptionType").asString() + ": " + data.path("Message").asString());
        continue;
      }
      if (data.has("Messages")) {
        // A full state replaces what the client held: what it lists is seen, never a duplicate.
        for (JsonNode m : data.get("Messages")) see(m.path("MessageId").asString(), r.nanos(), false);
      }
      JsonNode added = data.get("Messages_add");
      if (added != null && added.isArray()) {
        for (JsonNode m : added) see(m.path("MessageId").asString(), r.nanos(), true);
      } else if (added != null) {
        see(added.path("MessageId").asString(), r.nanos(), true);
      }
    }
  }

  private void see(String id, long nanos, boolean pushed) {
    if (seenAt.putIfAbsent(id, nanos) == null) order.add(id);
    else if (pushed) duplicates.add(id);
  }

  /** Pairs of members that saw two messages in opposite orders (every pair is checked). */
  static List<String> orderConflicts(List<ChatView> views) {
    List<String> conflicts = new ArrayList<>();
    List<Map<String, Integer>> positions = new ArrayList<>();
    for (ChatView v : views) {
      Map<String, Integer> position = new HashMap<>();
      for (int i = 0; i < v.order.size(); i++) position.put(v.order.get(i), i);
      positions.add(position);
    }
    for (int a = 0; a < views.size(); a++) {
      for (int b = a + 1; b < views.size(); b++) {
        int lastInB = -1;
        String lastId = null;
        for (String id : views.get(a).order) {
          Integer inB = positions.get(b).get(id);
          if (inB == null) continue;
          if (inB < lastInB) {
            conflicts.add(views.get(a).client + " saw " + lastId + " before " + id + ", " + views.get(b).client
                + " the other way round");
            break;
          }
          lastInB = inB;
          lastId = id;
        }
      }
    }
    return conflicts;
  }
}
