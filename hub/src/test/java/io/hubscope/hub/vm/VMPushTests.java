package io.hubscope.hub.vm;

import static io.hubscope.hub.vm.TestVMs.connection;
import static io.hubscope.hub.vm.TestVMs.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.vm.TestVMs.ChatVM;
import io.hubscope.hub.vm.TestVMs.HelloWorld;
import io.hubscope.hub.vm.TestVMs.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class VMPushTests {

  final RecordingVMResponder responder = new RecordingVMResponder();
  final List<BaseVM> created = new CopyOnWriteArrayList<>();
  final VMRuntime runtime = new VMRuntime(new VMRegistry()
      .register("HelloWorld", () -> track(new HelloWorld()))
      .register("Chat", () -> track(new ChatVM())), responder);
  HelloWorld hello;
  ChatVM chat;

  <T extends BaseVM> T track(T vm) {
    created.add(vm);
    return vm;
  }

  @BeforeEach
  void requestBoth() {
    runtime.request(connection("c1"), Map.of(), "HelloWorld", null);
    runtime.request(connection("c1"), Map.of(), "Chat", null);
    hello = (HelloWorld) created.get(0);
    chat = (ChatVM) created.get(1);
    responder.clear();
  }

  @AfterEach
  void close() {
    runtime.close();
  }

  /** Changes its state and pushes before its client got the full state, as an early timer does. */
  static final class EagerVM extends BaseVM {
    final Property<Integer> sequence = property("Sequence", Integer.class, null);

    @Override
    protected void onCreated() {
      sequence.set(1);
      pushUpdates();
    }
  }

  @Test
  void aPushBeforeTheFullState_isNotSent_theFullStateCarriesTheChangeOnce() {
    VMRuntime eager = new VMRuntime(new VMRegistry().register("Eager", EagerVM::new), responder);
    try {
      eager.request(connection("c2"), Map.of(), "Eager", null);
      // Before the fix the push went out ahead of the full state: [{Sequence:1}, {Sequence:1}].
      assertThat(responder.dataTo("c2", "Eager")).containsExactly(json("{'Sequence':1}"));
    } finally {
      eager.close();
    }
  }

  @Test
  void push_sendsOnlyChangedProperties() {
    hello.serverTime.set("12:00");
    hello.pushUpdates();

    assertThat(responder.dataTo("c1", "HelloWorld")).containsExactly(json("{'ServerTime':'12:00'}"));
  }

  @Test
  void push_sendsNothingWhenNothingChanged() {
    hello.pushUpdates();
    hello.greeting.set("Hello"); // equal to the current value
    hello.pushUpdates();

    assertThat(responder.deliveries()).isEmpty();
  }

  @Test
  void push_conflatesToTheLatestValue() {
    hello.serverTime.set("12:00");
    hello.serverTime.set("12:01");
    hello.greeting.set("Hi");
    hello.pushUpdates();
    hello.pushUpdates();

    assertThat(responder.dataTo("c1", "HelloWorld"))
        .containsExactly(json("{'ServerTime':'12:01','Greeting':'Hi'}"));
  }

  @Test
  void list_addUpdateRemove_useSuffixKeys() {
    chat.messages.add(new Message("m1", "one"));
    chat.pushUpdates();
    chat.messages.update(new Message("m1", "uno"));
    chat.pushUpdates();
    chat.messages.remove("m1");
    chat.pushUpdates();

    assertThat(responder.dataTo("c1", "Chat")).containsExactly(
        json("{'Messages_add':{'MessageId':'m1','Text':'one'}}"),
        json("{'Messages_update':{'MessageId':'m1','Text':'uno'}}"),
        json("{'Messages_remove':'m1'}"));
  }

  @Test
  void list_changesBetweenPushes_arriveAsTheirNetEffect() {
    chat.messages.add(new Message("keep", "k"));
    chat.messages.add(new Message("gone", "g"));
    chat.pushUpdates();
    responder.clear();

    chat.messages.add(new Message("a", "1"));
    chat.messages.add(new Message("b", "2"));
    chat.messages.add(new Message("tmp", "never seen"));
    chat.messages.remove("tmp");
    chat.messages.update(new Message("keep", "k2"));
    chat.messages.remove("gone");
    chat.pushUpdates();

    assertThat(responder.dataTo("c1", "Chat")).containsExactly(json("{"
        + "'Messages_add':[{'MessageId':'a','Text':'1'},{'MessageId':'b','Text':'2'}],"
        + "'Messages_update':{'MessageId':'keep','Text':'k2'},"
        + "'Messages_remove':'gone'}"));
  }

  @Test
  void list_replaceAll_sendsTheWholeList() {
    chat.messages.add(new Message("a", "1"));
    chat.messages.replaceAll(List.of(new Message("b", "2")));
    chat.pushUpdates();

    assertThat(responder.dataTo("c1", "Chat"))
        .containsExactly(json("{'Messages':[{'MessageId':'b','Text':'2'}]}"));
  }

  @Test
  void commandAddingToList_answersTheCaller() {
    runtime.update(connection("c1"), "Chat", json("{'Post':{'MessageId':'m9','Text':'hey'}}"));
    runtime.update(connection("c1"), "Chat", json("{'Delete':'m9'}"));

    assertThat(responder.dataTo("c1", "Chat")).containsExactly(
        json("{'Messages_add':{'MessageId':'m9','Text':'hey'}}"),
        json("{'Messages_remove':'m9'}"));
  }

  @Test
  void concurrentChangesAndPushes_loseNothing() throws Exception {
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          chat.messages.add(new Message(thread + "-" + i, "x"));
          hello.serverTime.set(thread + ":" + i);
          if (i % 3 == 0) chat.pushUpdates();
          hello.pushUpdates();
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : futures) future.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    chat.pushUpdates();
    hello.pushUpdates();

    // Every item arrived exactly once, across however many pushes.
    List<String> received = new ArrayList<>();
    for (JsonNode data : responder.dataTo("c1", "Chat")) {
      JsonNode added = data.get("Messages_add");
      assertThat(data.propertyNames()).containsOnly("Messages_add");
      if (added.isArray()) added.forEach(item -> received.add(item.get("MessageId").asString()));
      else received.add(added.get("MessageId").asString());
    }
    Set<String> expected = new HashSet<>();
    for (int t = 0; t < threads; t++) for (int i = 0; i < perThread; i++) expected.add(t + "-" + i);
    assertThat(received).hasSize(threads * perThread).containsExactlyInAnyOrderElementsOf(expected);

    // The last push carries the final value.
    assertThat(responder.lastDataTo("c1", "HelloWorld").get("ServerTime").asString())
        .isEqualTo(hello.serverTime.get());
  }
}
