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
 * What one member of a chat room saw, as its dotNetify client would hold the room. A push
 * ({@code Messages_add}) appends to the client's list; a message pushed again is a duplicate. A full
 * state ({@code Messages}) replaces the list: what it lists again is no duplicate, and what the
 * member had not seen takes its place in the full state's order, e.g. a message it missed during a
 * move between owners and gets with the room's state, behind a later one pushed to it meanwhile.
 * So {@link #order} is every message the member saw, in the order its client shows them; a full
 * state that contradicts it is a reordering. Read from the member's responses on the test thread.
 */
final class ChatView {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  final Client client;
  /** Every message id this member saw, in the order its client shows them. */
  final List<String> order = new ArrayList<>();
  /** When it first saw each. */
  final Map<String, Long> seenAt = new HashMap<>();
  final List<String> duplicates = new ArrayList<>();
  /** Full states that list two messages in the other order than the member saw them. */
  final List<String> reorderings = new ArrayList<>();
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
        List<String> listed = new ArrayList<>();
        for (JsonNode m : data.get("Messages")) listed.add(m.path("MessageId").asString());
        fullState(listed, r.nanos());
      }
      JsonNode added = data.get("Messages_add");
      if (added != null && added.isArray()) {
        for (JsonNode m : added) pushed(m.path("MessageId").asString(), r.nanos());
      } else if (added != null) {
        pushed(added.path("MessageId").asString(), r.nanos());
      }
    }
  }

  private void pushed(String id, long nanos) {
    if (seenAt.putIfAbsent(id, nanos) == null) order.add(id);
    else duplicates.add(id);
  }

  /** Each new message goes before the next listed one already seen (at the end when none is). */
  private void fullState(List<String> listed, long nanos) {
    int previous = -1;
    for (int i = 0; i < listed.size(); i++) {
      String id = listed.get(i);
      int at = order.indexOf(id);
      if (at < 0) {
        int before = order.size();
        for (int j = i + 1; j < listed.size() && before == order.size(); j++) {
          int next = order.indexOf(listed.get(j));
          if (next >= 0) before = next;
        }
        order.add(before, id);
        seenAt.put(id, nanos);
        at = before;
      }
      if (at < previous) reorderings.add("a full state lists " + listed.get(i - 1) + " before " + id);
      previous = at;
    }
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
