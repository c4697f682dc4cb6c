package io.hubscope.loadtest.protocol;

import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * The JSON hub protocol as the load tester speaks it, the same bytes on the wire: the messages it
 * receives all the time are scanned, not parsed into trees ({@link ScanningJsonReader}), and the
 * invocations it sends all the time (a pong: a view-model id and {@link RawJson}) are written
 * straight into one array. Everything else goes through the hub's own {@code JsonHubProtocol}.
 */
public final class ScanningJsonProtocol implements HubProtocol {

  public static final ScanningJsonProtocol INSTANCE = new ScanningJsonProtocol();

  private static final byte[] START = JsonCursor.name("{\"type\":1,");
  private static final byte[] INVOCATION_ID = JsonCursor.name("\"invocationId\":");
  private static final byte[] TARGET = JsonCursor.name("\"target\":");
  private static final byte[] ARGUMENTS = JsonCursor.name(",\"arguments\":[");
  private static final byte[] END = {']', '}', ScanningJsonReader.RECORD_SEPARATOR};

  private ScanningJsonProtocol() {}

  @Override
  public String name() {
    return HubProtocols.JSON.name();
  }

  @Override
  public boolean isBinary() {
    return false;
  }

  @Override
  public byte[] encode(HubMessage message) {
    if (message instanceof InvocationMessage invocation) {
      byte[] written = write(invocation);
      return written != null ? written : HubProtocols.JSON.encode(RawJson.withTrees(invocation));
    }
    return HubProtocols.JSON.encode(message);
  }

  @Override
  public Reader newReader(int maxMessageSize) {
    return new ScanningJsonReader(maxMessageSize);
  }

  /**
   * {@code {"type":1,"invocationId":"7","target":"Update_VM","arguments":["EchoVM",{...}]}} + 0x1E,
   * in one array of the exact size; null unless every argument is a string or raw JSON.
   */
  private static byte[] write(InvocationMessage m) {
    List<JsonNode> arguments = m.arguments();
    int length = START.length + TARGET.length + JsonStrings.quotedLength(m.target()) + ARGUMENTS.length + END.length
        + Math.max(0, arguments.size() - 1);
    if (m.invocationId() != null) length += INVOCATION_ID.length + JsonStrings.quotedLength(m.invocationId()) + 1;
    for (JsonNode argument : arguments) {
      RawJson raw = RawJson.of(argument);
      if (raw != null) {
        length += raw.utf8().length;
      } else if (argument instanceof StringNode) {
        length += JsonStrings.quotedLength(argument.stringValue());
      } else {
        return null;
      }
    }
    byte[] out = new byte[length];
    int pos = put(START, out, 0);
    if (m.invocationId() != null) {
      pos = put(INVOCATION_ID, out, pos);
      pos = JsonStrings.write(m.invocationId(), out, pos);
      out[pos++] = ',';
    }
    pos = put(TARGET, out, pos);
    pos = JsonStrings.write(m.target(), out, pos);
    pos = put(ARGUMENTS, out, pos);
    for (int i = 0; i < arguments.size(); i++) {
      if (i > 0) out[pos++] = ',';
      RawJson raw = RawJson.of(arguments.get(i));
      pos = raw != null ? put(raw.utf8(), out, pos) : JsonStrings.write(arguments.get(i).stringValue(), out, pos);
    }
    put(END, out, pos);
    return out;
  }

  private static int put(byte[] bytes, byte[] out, int pos) {
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    return pos + bytes.length;
  }
}
