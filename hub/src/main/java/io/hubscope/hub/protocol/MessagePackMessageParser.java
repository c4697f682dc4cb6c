package io.hubscope.hub.protocol;

import static io.hubscope.hub.protocol.MessagePackInput.malformed;

import java.io.IOException;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePackException;

/**
 * Decodes one MessagePack message body (without its length prefix) laid out as the spec's arrays.
 * Extra trailing array elements are skipped, like unknown JSON properties, so newer peers that
 * append fields still work; bytes after the array are an error.
 */
final class MessagePackMessageParser {

  HubMessage parse(byte[] bytes, int offset, int length) {
    try (MessagePackInput in = new MessagePackInput(bytes, offset, length)) {
      int items = in.readArrayHeader("a hub message");
      if (items < 1) throw malformed("empty message array");
      int type = in.readInt("the message type");
      HubMessage message = read(type, items, in);
      in.skip(items - consumed(type, items, message));
      if (in.hasMore()) throw malformed("bytes left after the message array");
      return message;
    } catch (MessageInsufficientBufferException e) {
      throw malformed("message is truncated");
    } catch (IOException | MessagePackException e) {
      throw new HubProtocolException(HubProtocolException.Kind.MALFORMED,
          "Malformed MessagePack hub message: " + e.getMessage(), e);
    }
  }

  private static HubMessage read(int type, int items, MessagePackInput in) throws IOException {
    switch (type) {
      case 1: {
        need(items, 5, type);
        in.skipMap("headers");
        String id = in.readNullableString("the invocation id");
        return new InvocationMessage(id, in.readString("the target"), in.readValues("the arguments"));
      }
      case 2: {
        need(items, 4, type);
        in.skipMap("headers");
        return new StreamItemMessage(in.readString("the invocation id"), in.readValue());
      }
      case 3:
        need(items, 4, type);
        in.skipMap("headers");
        return readCompletion(items, in);
      case 4: {
        need(items, 5, type);
        in.skipMap("headers");
        String id = in.readString("the invocation id");
        return new StreamInvocationMessage(id, in.readString("the target"), in.readValues("the arguments"));
      }
      case 5:
        need(items, 3, type);
        in.skipMap("headers");
        return new CancelInvocationMessage(in.readString("the invocation id"));
      case 6:
        return PingMessage.INSTANCE;
      case 7: {
        need(items, 2, type);
        String error = in.readNullableString("the close error");
        return new CloseMessage(error, items >= 3 && in.readBoolean("allowReconnect"));
      }
      case 8:
        need(items, 2, type);
        return new AckMessage(in.readSequenceId());
      case 9:
        need(items, 2, type);
        return new SequenceMessage(in.readSequenceId());
      default:
        throw malformed("unknown message type " + type);
    }
  }

  private static CompletionMessage readCompletion(int items, MessagePackInput in) throws IOException {
    String id = in.readString("the invocation id");
    int kind = in.readInt("the result kind");
    switch (kind) {
      case 1:
        need(items, 5, 3);
        return CompletionMessage.ofError(id, in.readString("the completion error"));
      case 2:
        return CompletionMessage.ofVoid(id);
      case 3:
        need(items, 5, 3);
        return CompletionMessage.ofResult(id, in.readValue());
      default:
        throw malformed("unknown completion result kind " + kind);
    }
  }

  /** How many array elements {@link #read} took, so that the rest can be skipped. */
  private static int consumed(int type, int items, HubMessage message) {
    switch (type) {
      case 1: case 4: return 5;
      case 2: return 4;
      case 3: {
        CompletionMessage completion = (CompletionMessage) message;
        return completion.hasResult() || completion.error() != null ? 5 : 4;
      }
      case 5: return 3;
      case 6: return 1;
      case 8: case 9: return 2;
      default: return Math.min(items, 3); // close
    }
  }

  private static void need(int items, int required, int type) {
    if (items < required) {
      throw malformed("message type " + type + " needs " + required + " array elements, got " + items);
    }
  }
}
