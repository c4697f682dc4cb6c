package io.hubscope.loadtest.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileTests {

  @Test
  void chatRoles_giveEveryRoomTenPercentChattyAndTwentyPercentCasualPosters() {
    int clients = 2000;
    int groups = 10;
    Map<Integer, int[]> perRoom = new HashMap<>();
    for (int i = 0; i < clients; i++) {
      int room = i % groups;
      int every = Profile.postEvery(i / groups);
      int[] roles = perRoom.computeIfAbsent(room, r -> new int[3]);
      roles[every == Profile.CHATTY_EVERY ? 0 : every == Profile.CASUAL_EVERY ? 1 : 2]++;
    }
    assertThat(perRoom).hasSize(10);
    perRoom.values().forEach(roles -> assertThat(roles).containsExactly(20, 40, 140));
  }

  @Test
  void chatRoom_ofClientIIsRoomIModGroupsPlusOne() {
    ProfileClient client = Profile.CHATROOM.newClient(13, 1000, 5, "run", null, null);

    assertThat(client.vmArg().path("ChatRoom").asString()).isEqualTo("Room4");
    assertThat(client.vmId()).isEqualTo("ChatRoomVM");
  }

  @Test
  void intervals_goToTheViewModelArguments() {
    assertThat(Profile.BROADCAST.newClient(0, 3000, 1, "run", null, null).vmArg().path("TickInterval").asInt()).isEqualTo(3000);
    assertThat(Profile.ECHO.newClient(0, 250, 1, "run", null, null).vmArg().path("PingInterval").asInt()).isEqualTo(250);
    assertThat(Profile.SHAREDECHO.newClient(0, 250, 1, "run", null, null).vmId()).isEqualTo("SharedEchoVM");
  }
}
