package io.hubscope.hub.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.connection.ConnectionRegistry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupManagerTests {

  final GroupManager groups = new GroupManager(new ConnectionRegistry());

  GroupManagerTests() {
    for (String id : List.of("a", "b", "c")) groups.add(id, "room");
  }

  @Test
  void recipients_countsMembersNotExcluded_whateverTheExcludedCollection() {
    assertThat(groups.recipients("room", List.of())).isEqualTo(3);
    assertThat(groups.recipients("room", List.of("b"))).isEqualTo(2);
    assertThat(groups.recipients("room", List.of("stranger"))).isEqualTo(3);
    assertThat(groups.recipients("room", Set.of("a", "stranger"))).isEqualTo(2);
    assertThat(groups.recipients("room", List.of("a", "a", "stranger", "c"))).isEqualTo(1);
    assertThat(groups.recipients("room", List.of("a", "b", "c"))).isZero();
  }

  @Test
  void recipients_ofAnUnknownGroupIsZero() {
    assertThat(groups.recipients("nobody-here", List.of("a"))).isZero();
  }
}
