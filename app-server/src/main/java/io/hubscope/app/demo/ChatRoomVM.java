package io.hubscope.app.demo;

import io.hubscope.hub.vm.ListProperty;
import io.hubscope.hub.vm.MulticastVM;
import io.hubscope.hub.vm.VMContext;

/**
 * The chat-room load profile: one shared instance per room ({@code $vmArg.ChatRoom}); each
 * {@code SendMessage} is appended to {@code Messages}, so every member receives {@code Messages_add}.
 * Only the latest messages are kept, so a long-running room holds bounded memory.
 */
public final class ChatRoomVM extends MulticastVM {

  /** A chat message; {@code text} is free text from the sender. */
  public record Message(String messageId, String senderId, double time, long sequence, String text) {}

  static final int KEEP = 50;

  private final ListProperty<Message> messages = list("Messages", Message.class, "MessageId", Message::messageId);

  public ChatRoomVM() {
    property("ChatRoom", "");
    command("SendMessage", Message.class, (VMContext caller, Message m) -> {
      if (m == null || m.messageId() == null) throw new IllegalArgumentException("SendMessage needs a MessageId");
      messages.add(m);
      while (messages.size() > KEEP) {
        messages.remove(messages.items().get(0).messageId());
      }
      pushUpdates();
    });
  }

  /** The room a request joins: its {@code $vmArg.ChatRoom}, or the lobby. */
  public static String roomOf(VMContext request) {
    String room = request.vmArg().path("ChatRoom").asString("");
    return room.isBlank() ? "Lobby" : room;
  }
}
