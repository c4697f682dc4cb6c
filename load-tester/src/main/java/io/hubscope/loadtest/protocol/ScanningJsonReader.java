package io.hubscope.loadtest.protocol;

import io.hubscope.hub.protocol.CompletionMessage;
import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocolException;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import io.hubscope.hub.protocol.PingMessage;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.node.POJONode;

/**
 * Reads one connection's JSON hub messages: splits frames into 0x1E-terminated records (a record
 * may span frames), scans the three kinds a load test receives all the time (Response_VM, a void
 * completion, a ping) with a {@link JsonCursor}, and hands every other record, the malformed
 * included, to the hub's own parser, which builds its trees and raises its protocol errors.
 */
final class ScanningJsonReader implements HubProtocol.Reader {

  static final byte RECORD_SEPARATOR = 0x1E;
  static final String RESPONSE_VM = "Response_VM";

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] TYPE = JsonCursor.name("type");
  private static final byte[] TARGET = JsonCursor.name("target");
  private static final byte[] INVOCATION_ID = JsonCursor.name("invocationId");
  private static final byte[] ARGUMENTS = JsonCursor.name("arguments");
  private static final byte[] HEADERS = JsonCursor.name("headers");
  private static final byte[] RESPONSE_VM_BYTES = JsonCursor.name(RESPONSE_VM);
  /** Frame copies and decoded states, per event loop: connections on one loop are read one at a time. */
  private static final FastThreadLocal<Scratch> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected Scratch initialValue() {
      return new Scratch();
    }
  };

  private final int maxMessageSize;
  private final JsonCursor cursor = new JsonCursor();
  private byte[] pending = EMPTY; // the unfinished record at the end of the last frame
  private int pendingSize;
  private HubProtocol.Reader fallback;

  ScanningJsonReader(int maxMessageSize) {
    if (maxMessageSize < 1) throw new IllegalArgumentException("maxMessageSize < 1: " + maxMessageSize);
    this.maxMessageSize = maxMessageSize;
  }

  @Override
  public void read(ByteBuffer frame, Consumer<HubMessage> sink) {
    Scratch scratch = SCRATCH.get();
    if (scratch.busy) scratch = new Scratch(); // read again from inside a handler: never the case today
    scratch.busy = true;
    try {
      read(frame, sink, scratch);
    } finally {
      scratch.busy = false;
    }
  }

  private void read(ByteBuffer frame, Consumer<HubMessage> sink, Scratch scratch) {
    int length = frame.remaining();
    byte[] bytes;
    int start;
    if (frame.hasArray()) {
      bytes = frame.array();
      start = frame.arrayOffset() + frame.position();
    } else {
      bytes = scratch.frame(length);
      frame.get(bytes, 0, length);
      start = 0;
    }
    frame.position(frame.limit());
    int end = start + length;
    if (pendingSize > 0) {
      int separator = indexOf(bytes, start, end);
      appendPending(bytes, start, (separator < 0 ? end : separator) - start);
      if (separator < 0) return;
      byte[] record = pending;
      int size = pendingSize;
      pendingSize = 0;
      onRecord(record, 0, size, sink, scratch);
      if (pending.length > 64 * 1024) pending = EMPTY; // held a large message: don't keep its array
      start = separator + 1;
    }
    for (int i = start; i < end; i++) {
      if (bytes[i] == RECORD_SEPARATOR) {
        onRecord(bytes, start, i, sink, scratch);
        start = i + 1;
      }
    }
    if (start < end) appendPending(bytes, start, end - start);
  }

  /** Bytes held for an unfinished record; for tests. */
  int bufferedBytes() {
    return pendingSize;
  }

  private void onRecord(byte[] bytes, int from, int to, Consumer<HubMessage> sink, Scratch scratch) {
    if (to - from > maxMessageSize) throw oversized();
    HubMessage message;
    try {
      message = scan(bytes, from, to, scratch);
    } catch (MalformedJsonException e) {
      message = null;
    }
    if (message != null) {
      sink.accept(message);
    } else {
      parseFully(bytes, from, to, sink);
    }
  }

  /** The message, when it is one of the kinds scanned here; null for the hub's parser to read. */
  private HubMessage scan(byte[] bytes, int from, int to, Scratch scratch) {
    JsonCursor c = cursor.reset(bytes, from, to);
    if (!c.enterObject()) return null;
    long type = -1;
    boolean responseVm = false;
    String invocationId = null;
    int arguments = -1;
    VmResponse response = null;
    while (c.nextField()) {
      if (c.nameIs(TYPE)) {
        if (!c.isNumber()) return null;
        type = c.integerValue();
      } else if (c.nameIs(TARGET)) {
        if (!c.isString()) return null;
        responseVm = c.stringEquals(RESPONSE_VM_BYTES);
      } else if (c.nameIs(INVOCATION_ID)) {
        if (!c.isString()) return null;
        invocationId = c.stringValue();
      } else if (c.nameIs(ARGUMENTS)) {
        arguments = c.mark();
        if (type == 1 && responseVm && invocationId == null) { // the hub writes them in this order: one pass
          response = responseVm(c, scratch);
          if (response == null) return null;
        } else {
          c.skipValue();
        }
      } else if (c.nameIs(HEADERS)) {
        c.skipValue();
      } else {
        return null; // a result, an error, a close's fields: for the hub's parser
      }
    }
    c.expectEnd();
    if (type == 6) return PingMessage.INSTANCE;
    if (type == 3 && invocationId != null && arguments < 0) return CompletionMessage.ofVoid(invocationId);
    if (type == 1 && responseVm && invocationId == null && arguments >= 0) {
      if (response == null) response = responseVm(c.reset(bytes, arguments, to), scratch);
      if (response != null) return new InvocationMessage(null, RESPONSE_VM, List.of(new POJONode(response)));
    }
    return null;
  }

  /** {@code [["vmId", "state"]]} at the cursor, or null for any other shape. */
  private static VmResponse responseVm(JsonCursor c, Scratch scratch) {
    if (!c.enterArray() || !c.nextElement() || !c.enterArray()) return null;
    if (!c.nextElement() || !c.isString()) return null;
    String vmId = c.stringValue();
    if (!c.nextElement() || !c.isString()) return null;
    ByteBuilder state = scratch.text;
    state.clear();
    c.decodeString(state);
    if (c.nextElement() || c.nextElement()) return null; // more than two values, or more than one argument
    return new VmResponse(vmId, state.array(), state.size());
  }

  private void parseFully(byte[] bytes, int from, int to, Consumer<HubMessage> sink) {
    if (fallback == null) fallback = HubProtocols.JSON.newReader(maxMessageSize);
    byte[] record = Arrays.copyOfRange(bytes, from, to + 1);
    record[record.length - 1] = RECORD_SEPARATOR;
    fallback.read(ByteBuffer.wrap(record), sink);
  }

  private void appendPending(byte[] bytes, int from, int length) {
    if ((long) pendingSize + length > maxMessageSize) throw oversized();
    if (pendingSize + length > pending.length) {
      pending = Arrays.copyOf(pending, (int) Math.min(maxMessageSize, Math.max(pendingSize + length, Math.max(256L, pending.length * 2L))));
    }
    System.arraycopy(bytes, from, pending, pendingSize, length);
    pendingSize += length;
  }

  private HubProtocolException oversized() {
    return new HubProtocolException(HubProtocolException.Kind.OVERSIZED,
        "Message is larger than the maximum message size of " + maxMessageSize + " bytes");
  }

  private static int indexOf(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == RECORD_SEPARATOR) return i;
    }
    return -1;
  }

  /** One event loop's buffers. */
  private static final class Scratch {
    byte[] frame = new byte[4096];
    final ByteBuilder text = new ByteBuilder(4096);
    boolean busy;

    byte[] frame(int length) {
      if (frame.length < length) frame = new byte[Math.max(length, frame.length * 2)];
      return frame;
    }
  }
}
