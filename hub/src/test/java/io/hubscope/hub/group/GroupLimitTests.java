package io.hubscope.hub.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.connection.ConnectionRegistry;
import io.hubscope.hub.limit.Limit;
import io.hubscope.hub.limit.LimitExceededException;
import io.hubscope.hub.metrics.InMemoryHubMetrics;
import org.junit.jupiter.api.Test;

class GroupLimitTests {

  final InMemoryHubMetrics metrics = new InMemoryHubMetrics();
  final GroupManager groups = new GroupManager(new ConnectionRegistry(), 2, metrics);

  @Test
  void add_pastTheLimit_throwsAndCounts_rejoiningAndOtherConnectionsAreFine() {
    groups.add("c1", "a");
    groups.add("c1", "b");
    groups.add("c1", "b");
    assertThatThrownBy(() -> groups.add("c1", "c"))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage("Connection is already in 2 groups (limit 2); leave one first")
        .satisfies(e -> assertThat(((LimitExceededException) e).limit()).isEqualTo(Limit.GROUPS_PER_CONNECTION));
    assertThat(groups.size("c")).isZero();
    assertThat(metrics.refusals(Limit.GROUPS_PER_CONNECTION)).isEqualTo(1);
    groups.add("c2", "c");
    groups.remove("c1", "a");
    groups.add("c1", "c");
    assertThat(groups.groupsOf("c1")).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void addForViewModel_isNeverRefused_butCountsTowardTheLimit() {
    groups.addForViewModel("c1", "$vm:Room");
    groups.addForViewModel("c1", "$vm:Other");
    groups.addForViewModel("c1", "$vm:Third");
    assertThat(groups.groupsOf("c1")).hasSize(3);
    assertThatThrownBy(() -> groups.add("c1", "a")).isInstanceOf(LimitExceededException.class);
  }
}
