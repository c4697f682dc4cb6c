package io.hubscope.hub.vm;

import static io.hubscope.hub.vm.TestVMs.connection;
import static io.hubscope.hub.vm.TestVMs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.vm.TestVMs.ChatVM;
import io.hubscope.hub.vm.TestVMs.HelloWorld;
import io.hubscope.hub.vm.TestVMs.Message;
import io.hubscope.hub.vm.TestVMs.Profile;
import io.hubscope.hub.vm.TestVMs.Tick;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class VMUpdateTests {

  final RecordingVMResponder responder = new RecordingVMResponder();
  final List<BaseVM> created = new CopyOnWriteArrayList<>();
  final VMRuntime runtime = new VMRuntime(new VMRegistry()
      .register("HelloWorld", () -> track(new HelloWorld()))
      .register("Profile", () -> track(new Profile()))
      .register("Chat", () -> track(new ChatVM()))
      .register("Thrower", () -> new BaseVM() {
        {
          command("Fail", () -> {
            throw new IllegalStateException("boom");
          });
        }
      }), responder);

  <T extends BaseVM> T track(T vm) {
    created.add(vm);
    return vm;
  }

  @AfterEach
  void close() {
    runtime.close();
  }

  @Test
  void command_convertsTypedArgumentAndSendsOnlyTheChange() {
    runtime.request(connection("c1"), Map.of(), "HelloWorld", null);
    runtime.update(connection("c1"), "HelloWorld", json("{'Submit':{'FirstName':'Ada','LastName':'Lovelace'}}"));

    assertThat(responder.dataTo("c1", "HelloWorld")).hasSize(2);
    assertThat(responder.lastDataTo("c1", "HelloWorld")).isEqualTo(json("{'Greeting':'Hello, Ada Lovelace'}"));
  }

  @Test
  void command_acceptsCamelCaseAndJsonTextArguments() {
    runtime.request(connection("c1"), Map.of(), "HelloWorld", null);
    runtime.update(connection("c1"), "HelloWorld", json("{'Submit':{'firstName':'Ada','lastName':'L'}}"));
    assertThat(responder.lastDataTo("c1", "HelloWorld").get("Greeting").asString()).isEqualTo("Hello, Ada L");

    // Older dotNetify clients send objects as JSON text.
    runtime.update(connection("c1"), "HelloWorld",
        json("{'Submit':" + VMJson.mapper().writeValueAsString("{\"FirstName\":\"Bo\",\"LastName\":\"K\"}") + "}"));
    assertThat(responder.lastDataTo("c1", "HelloWorld").get("Greeting").asString()).isEqualTo("Hello, Bo K");
  }

  @Test
  void command_withPrimitiveArgument() {
    runtime.request(connection("c1"), Map.of(), "Profile", null);
    runtime.update(connection("c1"), "Profile", json("{'SetAge':7}"));

    assertThat(responder.lastDataTo("c1", "Profile")).isEqualTo(json("{'Age':7}"));
  }

  @Test
  void clientSetValue_isNotEchoedToTheCaller() {
    runtime.request(connection("c1"), Map.of(), "Profile", null);
    runtime.update(connection("c1"), "Profile", json("{'Name':'Ann'}"));

    assertThat(responder.dataTo("c1", "Profile")).hasSize(1);
    assertThat(((Profile) created.get(0)).name.get()).isEqualTo("Ann");

    // Nor pushed later: the client already has it.
    created.get(0).pushUpdates();
    assertThat(responder.dataTo("c1", "Profile")).hasSize(1);
  }

  @Test
  void clientSetValue_thenCommand_sendsOnlyWhatTheCommandChanged() {
    runtime.request(connection("c1"), Map.of(), "Profile", null);
    runtime.update(connection("c1"), "Profile", json("{'Name':'Ann','Birthday':''}"));

    assertThat(responder.lastDataTo("c1", "Profile")).isEqualTo(json("{'Age':31}"));
  }

  @Test
  void nestedPath_patchesTheValue() {
    runtime.request(connection("c1"), Map.of(), "Profile", null);
    runtime.update(connection("c1"), "Profile", json("{'Address.Zip':'5003'}"));

    assertThat(((Profile) created.get(0)).address.get()).isEqualTo(new TestVMs.Address("Oslo", "5003"));
  }

  @Test
  void listItemPath_patchesTheItem() {
    runtime.request(connection("c1"), Map.of(), "Chat", null);
    ChatVM chat = (ChatVM) created.get(0);
    chat.messages.add(new Message("m1", "typo"));
    chat.pushUpdates();
    runtime.update(connection("c1"), "Chat", json("{'Messages.$m1.Text':'fixed'}"));

    assertThat(chat.messages.items()).containsExactly(new Message("m1", "fixed"));
    assertThat(responder.dataTo("c1", "Chat")).hasSize(2);
  }

  @Test
  void unknownPath_isIgnoredAndReported() {
    runtime.request(connection("c1"), Map.of(), "Profile", null);
    runtime.update(connection("c1"), "Profile", json("{'Nope':1,'Address.Zip':'1','Name.X':2}"));

    Profile profile = (Profile) created.get(0);
    assertThat(profile.unresolved).containsExactly("Nope", "Name.X");
    assertThat(profile.address.get().zip()).isEqualTo("1");
  }

  @Test
  void badNestedValue_changesNothing() {
    runtime.request(connection("c1"), Map.of(), "Profile", null);

    assertThatThrownBy(() -> runtime.update(connection("c1"), "Profile",
        json("{'Name':'Ann','Address.City':{'Not':'a string'}}")))
        .isInstanceOf(VMArgumentException.class)
        .hasMessageStartingWith("Invalid value for 'Address.City' (expected Address)");

    Profile profile = (Profile) created.get(0);
    assertThat(profile.name.get()).isEmpty();
    assertThat(profile.address.get().city()).isEqualTo("Oslo");
  }

  @Test
  void wrongArgumentType_respondsErrorThrowsAndChangesNothing() {
    runtime.request(connection("c1"), Map.of(), "HelloWorld", null);

    assertThatThrownBy(() -> runtime.update(connection("c1"), "HelloWorld",
        json("{'Greeting':'set first?','Submit':'not a person'}")))
        .isInstanceOf(VMArgumentException.class)
        .hasMessageStartingWith("Invalid argument for 'Submit' (expected Person)");

    JsonNode error = responder.lastDataTo("c1", "HelloWorld");
    assertThat(error.get("ExceptionType").asString()).isEqualTo("VMArgumentException");
    assertThat(error.get("Message").asString()).startsWith("Invalid argument for 'Submit'");
    assertThat(((HelloWorld) created.get(0)).greeting.get()).isEqualTo("Hello");

    // The view model (and connection) stay usable.
    runtime.update(connection("c1"), "HelloWorld", json("{'Submit':{'FirstName':'A','LastName':'B'}}"));
    assertThat(responder.lastDataTo("c1", "HelloWorld")).isEqualTo(json("{'Greeting':'Hello, A B'}"));
  }

  @Test
  void commandThrowing_respondsItsExceptionType() {
    runtime.request(connection("c1"), Map.of(), "Thrower", null);

    assertThatThrownBy(() -> runtime.update(connection("c1"), "Thrower", json("{'Fail':null}")))
        .isInstanceOf(VMException.class)
        .hasMessage("boom")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(responder.lastDataTo("c1", "Thrower"))
        .isEqualTo(json("{'ExceptionType':'IllegalStateException','Message':'boom'}"));
  }

  @Test
  void updateOfAViewModelNotHeld_recreatesIt() {
    runtime.update(connection("c1"), "Profile", json("{'Birthday':null}"));

    List<JsonNode> data = responder.dataTo("c1", "Profile");
    assertThat(data).hasSize(2);
    assertThat(data.get(0).get("Age").asInt()).isEqualTo(30);
    assertThat(data.get(1)).isEqualTo(json("{'Age':31}"));
  }

  @Test
  void updateHeld_ofAViewModelNotHeld_createsNothing_ofAHeldOne_updatesIt() {
    Object notHeld = runtime.updateHeldAsync(connection("c1"), "Profile", json("{'Birthday':null}"));
    assertThat(notHeld).isSameAs(VMRuntime.NOT_HELD);
    assertThat(runtime.directory().liveInstanceCount()).isZero();
    assertThat(responder.dataTo("c1", "Profile")).isEmpty();

    runtime.request(connection("c1"), Map.of(), "Profile", null);
    Object done = runtime.updateHeldAsync(connection("c1"), "Profile", json("{'Birthday':null}"));
    assertThat(done).as("done: no stage to wait for").isNull();
    assertThat(responder.lastDataTo("c1", "Profile")).isEqualTo(json("{'Age':31}"));
  }

  @Test
  void records_areWrittenInPascalCase() {
    assertThat(VMJson.write(Map.of("Tick", new Tick(5, 6))))
        .isEqualTo("{\"Tick\":{\"Time\":5,\"Sequence\":6}}");
  }
}
