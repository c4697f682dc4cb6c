package io.hubscope.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.connection.ConnectionRegistry;
import io.hubscope.hub.group.GroupManager;
import io.hubscope.hub.pipeline.ResponseContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The recipient count a group push shows the response middlewares (the tap reports it). */
class HubResponderTests {

  final ConnectionRegistry registry = new ConnectionRegistry();
  final GroupManager groups = new GroupManager(registry);
  final List<ResponseContext> seen = new CopyOnWriteArrayList<>();
  final HubResponder responder = new HubResponder(registry, groups, List.of(ctx -> seen.add(ctx)));

  HubResponderTests() {
    for (String id : List.of("a", "b", "c")) groups.add(id, "room");
  }

  @Test
  void groupPush_excludingTheSender_countsTheOtherMembers() {
    responder.respondToGroup("room", "Chat", "{}", List.of("a"));

    assertThat(seen).singleElement().satisfies(ctx -> {
      assertThat(ctx.recipients()).isEqualTo(2);
      assertThat(ctx.group()).isEqualTo("room");
    });
  }

  @Test
  void groupPush_excludingAnIdThatIsNotAMember_countsEveryMember() {
    responder.respondToGroup("room", "Chat", "{}", List.of("not-in-room"));

    assertThat(seen).extracting(ResponseContext::recipients).containsExactly(3);
  }

  @Test
  void groupPush_excludingMembersAndStrangers_countsOnlyTheMembersLeft() {
    responder.respondToGroup("room", "Chat", "{}", List.of("a", "x", "y", "a"));

    assertThat(seen).extracting(ResponseContext::recipients).containsExactly(2);
  }

  @Test
  void groupPush_withEveryMemberExcluded_isNotShown() {
    responder.respondToGroup("room", "Chat", "{}", List.of("a", "b", "c", "x"));

    assertThat(seen).isEmpty();
  }
}
