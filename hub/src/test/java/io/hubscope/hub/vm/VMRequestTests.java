package io.hubscope.hub.vm;

import static io.hubscope.hub.vm.TestVMs.connection;
import static io.hubscope.hub.vm.TestVMs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.vm.TestVMs.ChatVM;
import io.hubscope.hub.vm.TestVMs.HelloWorld;
import io.hubscope.hub.vm.TestVMs.Message;
import io.hubscope.hub.vm.TestVMs.Profile;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class VMRequestTests {

  final RecordingVMResponder responder = new RecordingVMResponder();
  final List<VMContext> contexts = new CopyOnWriteArrayList<>();
  final VMRegistry registry = new VMRegistry()
      .register("HelloWorld", HelloWorld::new)
      .register("Profile", Profile::new)
      .register("Chat", () -> {
        ChatVM chat = new ChatVM();
        chat.messages.add(new Message("m1", "first"));
        return chat;
      })
      .register("Context", context -> {
        contexts.add(context);
        return new HelloWorld();
      });
  final VMRuntime runtime = new VMRuntime(registry, responder);

  @AfterEach
  void close() {
    runtime.close();
  }

  @Test
  void request_sendsFullStateWithoutCommands() {
    runtime.request(connection("c1"), Map.of(), "HelloWorld", null);

    assertThat(responder.deliveries()).hasSize(1);
    assertThat(responder.lastDataTo("c1", "HelloWorld"))
        .isEqualTo(json("{'Greeting':'Hello','ServerTime':''}"));
  }

  @Test
  void request_fullStateIncludesListAndItemKey() {
    runtime.request(connection("c1"), Map.of(), "Chat", null);

    assertThat(responder.lastDataTo("c1", "Chat")).isEqualTo(
        json("{'Messages':[{'MessageId':'m1','Text':'first'}],'Messages_itemKey':'MessageId'}"));
  }

  @Test
  void request_appliesVmArgToPropertiesAndNestedMembers() {
    runtime.request(connection("c1"), Map.of(), "Profile",
        json("{'$vmArg':{'Name':'Ann','Age':41,'Address.City':'Bergen'}}"));

    assertThat(responder.lastDataTo("c1", "Profile"))
        .isEqualTo(json("{'Name':'Ann','Age':41,'Address':{'City':'Bergen','Zip':'0150'}}"));
  }

  @Test
  void request_givesFactoryTheContext() {
    Map<String, Object> items = new ConcurrentHashMap<>(Map.of("Room", "r1"));
    runtime.request(connection("c1"), items, "Context$42",
        json("{'$vmArg':{'Greeting':'Hi'},'$headers':{'Authorization':'Bearer x'}}"));

    VMContext context = contexts.get(0);
    assertThat(context.connectionId()).isEqualTo("c1");
    assertThat(context.vmId()).isEqualTo("Context$42");
    assertThat(context.typeName()).isEqualTo("Context");
    assertThat(context.instanceId()).isEqualTo("42");
    assertThat(context.vmArg().get("Greeting").asString()).isEqualTo("Hi");
    assertThat(context.headers().get("Authorization").asString()).isEqualTo("Bearer x");
    assertThat(context.items()).isSameAs(items);
    assertThat(responder.lastDataTo("c1", "Context$42").get("Greeting").asString()).isEqualTo("Hi");
  }

  @Test
  void request_instanceIdsAreSeparateInstances() {
    runtime.request(connection("c1"), Map.of(), "Profile$a", json("{'$vmArg':{'Name':'A'}}"));
    runtime.request(connection("c1"), Map.of(), "Profile$b", json("{'$vmArg':{'Name':'B'}}"));

    assertThat(runtime.directory().liveInstanceCount()).isEqualTo(2);
    assertThat(responder.lastDataTo("c1", "Profile$a").get("Name").asString()).isEqualTo("A");
    assertThat(responder.lastDataTo("c1", "Profile$b").get("Name").asString()).isEqualTo("B");
  }

  @Test
  void request_again_resendsFullStateOfTheSameInstance() {
    runtime.request(connection("c1"), Map.of(), "Profile", null);
    runtime.update(connection("c1"), "Profile", json("{'Birthday':null}"));
    runtime.request(connection("c1"), Map.of(), "Profile", json("{'$vmArg':{'Age':99}}"));

    assertThat(runtime.directory().liveInstanceCount()).isEqualTo(1);
    assertThat(responder.lastDataTo("c1", "Profile").get("Age").asInt()).isEqualTo(31);
  }

  @Test
  void request_unknownType_respondsErrorAndThrows() {
    assertThatThrownBy(() -> runtime.request(connection("c1"), Map.of(), "Nope", null))
        .isInstanceOf(UnknownVMTypeException.class)
        .hasMessage("'Nope' is not a known view model! Its type must be registered through VMRegistry.register.");

    JsonNode error = responder.lastDataTo("c1", "Nope");
    assertThat(error.get("ExceptionType").asString()).isEqualTo("UnknownVMTypeException");
    assertThat(error.get("Message").asString()).contains("'Nope' is not a known view model!");
    assertThat(runtime.directory().liveInstanceCount()).isZero();
  }

  @Test
  void request_badVmArg_respondsErrorAndCreatesNothing() {
    assertThatThrownBy(() -> runtime.request(connection("c1"), Map.of(), "Profile",
        json("{'$vmArg':{'Age':'old'}}")))
        .isInstanceOf(VMArgumentException.class)
        .hasMessageStartingWith("Invalid value for 'Age' (expected Integer)");

    assertThat(responder.lastDataTo("c1", "Profile").get("ExceptionType").asString())
        .isEqualTo("VMArgumentException");
    assertThat(runtime.directory().liveInstanceCount()).isZero();
    assertThat(runtime.directory().vmIds("c1")).isEmpty();
  }

  @Test
  void registry_rejectsDuplicatesAndInvalidNames() {
    assertThatThrownBy(() -> registry.register("HelloWorld", HelloWorld::new))
        .hasMessage("HelloWorld is already registered");
    assertThatThrownBy(() -> registry.register("A.B", HelloWorld::new))
        .hasMessage("invalid view-model type name: A.B");
  }
}
