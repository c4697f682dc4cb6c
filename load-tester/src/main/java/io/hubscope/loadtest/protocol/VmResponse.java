package io.hubscope.loadtest.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.POJONode;

/**
 * One Response_VM, {@code [vmId, "<state as a JSON string>"]}, with the state decoded to UTF-8
 * JSON bytes for a {@link JsonCursor}. From {@link ScanningJsonProtocol} the state bytes live in a
 * per-thread buffer: they are valid only during the handler call that received them.
 */
public final class VmResponse {

  private static final byte[] EXCEPTION_TYPE = JsonCursor.name("ExceptionType");
  private static final byte[] MESSAGE = JsonCursor.name("Message");

  private final String vmId;
  private final byte[] state;
  private final int stateLength;

  VmResponse(String vmId, byte[] state, int stateLength) {
    this.vmId = vmId;
    this.state = state;
    this.stateLength = stateLength;
  }

  /**
   * The Response_VM in a handler's arguments: scanned by {@link ScanningJsonProtocol}, or a tree
   * (MessagePack, or a message the scanner left to the hub's parser). Null when it is malformed.
   */
  public static VmResponse of(List<JsonNode> args) {
    JsonNode response = args.isEmpty() ? null : args.get(0);
    if (response instanceof POJONode pojo && pojo.getPojo() instanceof VmResponse scanned) return scanned;
    if (response == null || !response.isArray() || response.size() < 2) return null;
    byte[] state = response.get(1).asString("").getBytes(StandardCharsets.UTF_8);
    return new VmResponse(response.get(0).asString(""), state, state.length);
  }

  public String vmId() {
    return vmId;
  }

  /** {@code cursor} set to read the state. */
  public JsonCursor state(JsonCursor cursor) {
    return cursor.reset(state, 0, stateLength);
  }

  /**
   * Checks that the state is one JSON text and returns the error it reports
   * ({@code {"ExceptionType":..., "Message":...}}), or null for a normal state.
   *
   * @throws MalformedJsonException when the state is not JSON
   */
  public VmError error(JsonCursor cursor) {
    state(cursor);
    boolean error = false;
    if (cursor.enterObject()) {
      while (cursor.nextField()) {
        error |= cursor.nameIs(EXCEPTION_TYPE);
        cursor.skipValue();
      }
    } else {
      cursor.skipValue();
    }
    cursor.expectEnd();
    if (!error) return null;
    return new VmError(text(cursor, EXCEPTION_TYPE), text(cursor, MESSAGE));
  }

  private String text(JsonCursor cursor, byte[] name) {
    return state(cursor).findField(name) && cursor.isString() ? cursor.stringValue() : "";
  }

  /** A view model's error state. */
  public record VmError(String exceptionType, String message) {}

  @Override
  public String toString() {
    return "[" + vmId + ", " + new String(state, 0, stateLength, StandardCharsets.UTF_8) + "]";
  }
}
