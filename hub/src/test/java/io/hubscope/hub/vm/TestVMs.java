package io.hubscope.hub.vm;

import io.hubscope.hub.connection.ConnectionInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/** View models and helpers the view-model tests share. */
final class TestVMs {

  private TestVMs() {}

  static ConnectionInfo connection(String id) {
    return new ConnectionInfo(id, "10.0.0.1", 50000, "test-agent", Map.of(), "WebSockets", "json");
  }

  static JsonNode json(String text) {
    return VMJson.mapper().readTree(text.replace('\'', '"'));
  }

  record Person(String firstName, String lastName) {}

  static final class HelloWorld extends BaseVM {
    final Property<String> greeting = property("Greeting", "Hello");
    final Property<String> serverTime = property("ServerTime", "");

    HelloWorld() {
      command("Submit", Person.class, p -> greeting.set("Hello, " + p.firstName() + " " + p.lastName()));
    }
  }

  record Address(String city, String zip) {}

  static final class Profile extends BaseVM {
    final Property<String> name = property("Name", "");
    final Property<Integer> age = property("Age", 30);
    final Property<Address> address = property("Address", Address.class, new Address("Oslo", "0150"));
    final List<String> unresolved = new CopyOnWriteArrayList<>();

    Profile() {
      command("Birthday", () -> age.updateAndGet(a -> a + 1));
      command("SetAge", int.class, age::set);
    }

    @Override
    protected void onUnresolvedUpdate(String path, JsonNode value) {
      unresolved.add(path);
    }
  }

  record Message(String messageId, String text) {}

  static final class ChatVM extends BaseVM {
    final ListProperty<Message> messages = list("Messages", "MessageId");

    ChatVM() {
      command("Post", Message.class, messages::add);
      command("Delete", String.class, messages::remove);
    }
  }

  record Tick(long time, long sequence) {}

  /** Ticks on a timer, like the broadcast and stock-ticker demos. */
  static class TickerVM extends BaseVM {
    final Property<Tick> tick = property("Tick", Tick.class, null);
    final AtomicInteger disposed = new AtomicInteger();

    TickerVM(Duration period) {
      AtomicInteger sequence = new AtomicInteger();
      schedule(period, () -> {
        tick.set(new Tick(System.currentTimeMillis(), sequence.incrementAndGet()));
        pushUpdates();
      });
    }

    @Override
    protected void onDispose() {
      disposed.incrementAndGet();
    }
  }

  /** A shared counter; {@code Whisper} answers only the caller, like SharedEchoVM's pings. */
  static final class SharedCounter extends MulticastVM {
    final Property<Integer> count = property("Count", 0);
    final Property<String> note = property("Note", "");
    final AtomicInteger disposed = new AtomicInteger();
    final List<String> joined = new CopyOnWriteArrayList<>();
    final List<String> left = new CopyOnWriteArrayList<>();

    SharedCounter() {
      command("Increment", () -> count.updateAndGet(c -> c + 1));
      command("Whisper", String.class, (caller, text) -> send(List.of(caller.connectionId()), "Whisper", text));
    }

    @Override
    protected void onMemberJoined(VMContext member) {
      joined.add(member.connectionId());
    }

    @Override
    protected void onMemberLeft(String connectionId) {
      left.add(connectionId);
    }

    @Override
    protected void onDispose() {
      disposed.incrementAndGet();
    }
  }

  /** Provides its {@code Detail} sub view model itself and tracks its subs. */
  static final class MasterVM extends BaseVM {
    final Property<String> title = property("Title", "master");
    final List<BaseVM> created = new CopyOnWriteArrayList<>();
    final List<BaseVM> disposing = new CopyOnWriteArrayList<>();

    @Override
    protected BaseVM createSubVM(String typeName) {
      return typeName.equals("Detail") ? new DetailVM() : null;
    }

    @Override
    protected void onSubVMCreated(BaseVM subVM) {
      created.add(subVM);
    }

    @Override
    protected void onSubVMDisposing(BaseVM subVM) {
      disposing.add(subVM);
    }
  }

  static final class DetailVM extends BaseVM {
    final Property<String> text = property("Text", "detail");
  }
}
