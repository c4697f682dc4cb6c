package io.hubscope.hub.vm;

import static io.hubscope.hub.vm.TestVMs.connection;
import static io.hubscope.hub.vm.TestVMs.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.vm.TestVMs.SharedCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MulticastVMTests {

  final RecordingVMResponder responder = new RecordingVMResponder();
  final List<SharedCounter> created = new CopyOnWriteArrayList<>();
  final VMRuntime runtime = new VMRuntime(new VMRegistry()
      .registerMulticast("Counter", () -> track(new SharedCounter()))
      .registerMulticast("Room", context -> (String) context.items().get("Room"), context -> track(new SharedCounter())),
      responder);

  SharedCounter track(SharedCounter vm) {
    created.add(vm);
    return vm;
  }

  void join(String connectionId, String vmId) {
    runtime.request(connection(connectionId), Map.of(), vmId, null);
  }

  void joinRoom(String connectionId, String room) {
    runtime.request(connection(connectionId), Map.of("Room", room), "Room", null);
  }

  @AfterEach
  void close() {
    runtime.close();
  }

  @Test
  void members_shareOneInstanceInOneGroup() {
    join("c1", "Counter");
    join("c2", "Counter");
    join("c3", "Counter");

    assertThat(created).hasSize(1);
    SharedCounter counter = created.get(0);
    assertThat(runtime.directory().liveInstanceCount()).isEqualTo(1);
    assertThat(runtime.directory().sharedInstanceCount()).isEqualTo(1);
    assertThat(counter.groupName()).isEqualTo("$vm:Counter");
    assertThat(counter.memberConnectionIds()).containsExactlyInAnyOrder("c1", "c2", "c3");
    assertThat(responder.groupMembers("$vm:Counter")).containsExactlyInAnyOrder("c1", "c2", "c3");
    assertThat(counter.joined).containsExactly("c1", "c2", "c3");
    for (String id : List.of("c1", "c2", "c3")) {
      assertThat(responder.lastDataTo(id, "Counter")).isEqualTo(json("{'Count':0,'Note':''}"));
    }
  }

  @Test
  void push_goesToTheGroupOnce() {
    join("c1", "Counter");
    join("c2", "Counter");
    responder.clear();

    created.get(0).count.set(5);
    created.get(0).pushUpdates();

    assertThat(responder.calls("respondToGroup")).hasSize(1);
    assertThat(responder.dataTo("c1", "Counter")).containsExactly(json("{'Count':5}"));
    assertThat(responder.dataTo("c2", "Counter")).containsExactly(json("{'Count':5}"));
  }

  @Test
  void update_answersCallerAndPassesItOnToTheOthers() {
    join("c1", "Counter");
    join("c2", "Counter");
    join("c3", "Counter");
    responder.clear();

    runtime.update(connection("c2"), "Counter", json("{'Note':'hi','Increment':null}"));

    // The caller gets what the command changed, not its own input back.
    assertThat(responder.dataTo("c2", "Counter")).containsExactly(json("{'Count':1}"));
    // The others get the input and the change, through the group without the caller.
    assertThat(responder.dataTo("c1", "Counter")).containsExactly(json("{'Note':'hi','Count':1}"));
    assertThat(responder.dataTo("c3", "Counter")).containsExactly(json("{'Note':'hi','Count':1}"));
    RecordingVMResponder.Call groupCall = responder.calls("respondToGroup").get(0);
    assertThat(groupCall.connectionIds()).containsExactly("c2");
  }

  @Test
  void joiner_getsFullStateAndOthersGetPendingChangesFirst() {
    join("c1", "Counter");
    created.get(0).count.set(3); // not pushed yet
    responder.clear();

    join("c2", "Counter");

    assertThat(responder.dataTo("c1", "Counter")).containsExactly(json("{'Count':3}"));
    assertThat(responder.dataTo("c2", "Counter")).containsExactly(json("{'Count':3,'Note':''}"));
    assertThat(responder.calls()).extracting(RecordingVMResponder.Call::method)
        .containsExactly("respondToGroup", "addToGroup", "respond");
  }

  @Test
  void send_reachesOnlyTheGivenConnections() {
    join("c1", "Counter");
    join("c2", "Counter");
    responder.clear();

    runtime.update(connection("c1"), "Counter", json("{'Whisper':'psst'}"));

    assertThat(responder.dataTo("c1", "Counter")).containsExactly(json("{'Whisper':'psst'}"));
    assertThat(responder.dataTo("c2", "Counter")).isEmpty();
    assertThat(responder.calls("respondToMany")).hasSize(1);
  }

  @Test
  void groupNames_separateInstances() {
    joinRoom("c1", "Room1");
    joinRoom("c2", "Room2");
    joinRoom("c3", "Room1");

    assertThat(created).hasSize(2);
    assertThat(responder.groupMembers("Room1")).containsExactlyInAnyOrder("c1", "c3");
    assertThat(responder.groupMembers("Room2")).containsExactly("c2");
    responder.clear();

    runtime.update(connection("c1"), "Room", json("{'Increment':null}"));

    assertThat(responder.dataTo("c3", "Room")).containsExactly(json("{'Count':1}"));
    assertThat(responder.dataTo("c2", "Room")).isEmpty();
  }

  @Test
  void instanceIds_separateInstances() {
    join("c1", "Counter$a");
    join("c2", "Counter$b");
    join("c3", "Counter$a");

    assertThat(created).hasSize(2);
    assertThat(responder.groupMembers("$vm:Counter$a")).containsExactlyInAnyOrder("c1", "c3");
  }

  @Test
  void leaving_dropsMembershipAndTheLastOneDisposes() {
    join("c1", "Counter");
    join("c2", "Counter");
    SharedCounter counter = created.get(0);

    runtime.dispose("c1", "Counter");

    assertThat(counter.isDisposed()).isFalse();
    assertThat(counter.memberConnectionIds()).containsExactly("c2");
    assertThat(counter.left).containsExactly("c1");
    assertThat(responder.groupMembers("$vm:Counter")).containsExactly("c2");

    runtime.disconnect("c2");

    assertThat(counter.disposed).hasValue(1);
    assertThat(responder.groups()).isEmpty();
    assertThat(runtime.directory().liveInstanceCount()).isZero();
    assertThat(runtime.directory().sharedInstanceCount()).isZero();

    // A later request starts a fresh instance.
    join("c3", "Counter");
    assertThat(created).hasSize(2);
    assertThat(runtime.directory().liveInstanceCount()).isEqualTo(1);
  }

  @Test
  void requestingAgain_doesNotJoinTwice() {
    join("c1", "Counter");
    join("c1", "Counter");

    assertThat(created.get(0).joined).containsExactly("c1");
    assertThat(responder.calls("addToGroup")).hasSize(1);
    assertThat(responder.dataTo("c1", "Counter")).hasSize(2);

    runtime.dispose("c1", "Counter");
    assertThat(runtime.directory().liveInstanceCount()).isZero();
  }

  @Test
  void concurrentUpdatesAndPushes_leaveEveryMemberWithTheFinalState() throws Exception {
    int members = 6;
    int perMember = 300;
    for (int m = 0; m < members; m++) join("c" + m, "Counter");
    SharedCounter counter = created.get(0);
    ExecutorService pool = Executors.newFixedThreadPool(members + 1);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      String id = "c" + m;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perMember; i++) runtime.update(connection(id), "Counter", json("{'Increment':null}"));
        return null;
      }));
    }
    futures.add(pool.submit(() -> { // a timer-like thread pushing meanwhile
      start.await();
      for (int i = 0; i < perMember; i++) {
        counter.note.set("n" + i);
        counter.pushUpdates();
      }
      return null;
    }));
    start.countDown();
    for (Future<?> future : futures) future.get(30, TimeUnit.SECONDS);
    pool.shutdown();

    assertThat(counter.count.get()).isEqualTo(members * perMember);
    for (int m = 0; m < members; m++) {
      int lastCount = -1;
      String lastNote = null;
      for (var data : responder.dataTo("c" + m, "Counter")) {
        if (data.has("Count")) lastCount = data.get("Count").asInt();
        if (data.has("Note")) lastNote = data.get("Note").asString();
      }
      assertThat(lastCount).as("last Count seen by c" + m).isEqualTo(members * perMember);
      assertThat(lastNote).as("last Note seen by c" + m).isEqualTo("n" + (perMember - 1));
    }
  }
}
