package io.hubscope.forward.testing;

import io.hubscope.hub.vm.BaseVM;
import io.hubscope.hub.vm.ListProperty;
import io.hubscope.hub.vm.MulticastVM;
import io.hubscope.hub.vm.Property;
import io.hubscope.hub.vm.VMContext;
import io.hubscope.hub.vm.VMRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * View models written for direct clients, with nothing in them about proxies, as an application
 * would write them: the forwarding tests run them unchanged behind proxies.
 */
public final class TestViewModels {

  private TestViewModels() {}

  public static VMRegistry registry() {
    return new VMRegistry()
        .registerMulticast("Ticker", TickerVM::new)
        .register("Echo", EchoVM::new)
        .register("Whoami", WhoamiVM::new)
        .registerMulticast("ChatRoom", ctx -> ctx.vmArg().path("Room").asString("Lobby"), ctx -> new ChatRoomVM());
  }

  /** The broadcast profile: one shared instance pushes {@code Sequence} to all members each {@code TickInterval} ms. */
  public static final class TickerVM extends MulticastVM {
    private final Property<Long> sequence = property("Sequence", 0L);
    private final AtomicLong next = new AtomicLong();
    private boolean started;

    @Override
    protected synchronized void onMemberJoined(VMContext member) {
      if (started) return;
      started = true;
      int interval = Math.max(10, member.vmArg().path("TickInterval").asInt(100));
      schedule(Duration.ofMillis(interval), () -> {
        sequence.set(next.incrementAndGet());
        pushUpdates();
      });
    }
  }

  /** The echo profile: each {@code Ping(n)} comes back as {@code Pong = n}, in order. */
  public static final class EchoVM extends BaseVM {
    private final Property<Long> pong = property("Pong", 0L);

    public EchoVM() {
      command("Ping", Long.class, n -> {
        pong.set(n);
        pushUpdates();
      });
    }
  }

  /** Shows what the server knows about the client that requested it. */
  public static final class WhoamiVM extends BaseVM {
    public WhoamiVM(VMContext context) {
      property("ConnectionId", context.connectionId());
      property("RemoteIp", context.connection().remoteIp());
      property("RemotePort", context.connection().remotePort());
      property("UserAgent", context.connection().userAgent());
      property("Origin", context.connection().headers().getOrDefault("origin", ""));
      property("Cookie", context.connection().headers().getOrDefault("cookie", ""));
    }
  }

  /** The chat-room profile: {@code Send} appends to {@code Messages}; every member gets {@code Messages_add}. */
  public static final class ChatRoomVM extends MulticastVM {
    public record Message(String id, String sender, String text) {}

    private final ListProperty<Message> messages = list("Messages", Message.class, "Id", Message::id);

    public ChatRoomVM() {
      command("Send", Message.class, (VMContext caller, Message m) -> {
        messages.add(new Message(m.id(), caller.connectionId(), m.text()));
        pushUpdates();
      });
    }
  }
}
