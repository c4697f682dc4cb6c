package io.hubscope.hub.connection;

import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;

/**
 * A message to send to one or many connections, encoded at most once per protocol: a push to ten
 * thousand JSON clients costs one serialization, not ten thousand.
 */
public final class PreparedMessage {

  private final HubMessage message;
  private volatile byte[] json;
  private volatile byte[] messagePack;

  public PreparedMessage(HubMessage message) {
    if (message == null) throw new IllegalArgumentException("message == null");
    this.message = message;
  }

  public HubMessage message() {
    return message;
  }

  /** The framed bytes for {@code protocol}; racing threads may both encode, which is harmless. */
  public byte[] bytes(HubProtocol protocol) {
    if (protocol.isBinary()) {
      byte[] b = messagePack;
      if (b == null) messagePack = b = protocol.encode(message);
      return b;
    }
    byte[] b = json;
    if (b == null) json = b = protocol.encode(message);
    return b;
  }

  /** Size on the wire for a JSON client, the figure the tap and metrics report. */
  public int jsonSize() {
    return bytes(HubProtocols.JSON).length;
  }
}
