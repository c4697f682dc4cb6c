package io.hubscope.loadtest.protocol;

import io.hubscope.hub.protocol.HubMessage;
import io.hubscope.hub.protocol.HubProtocol;
import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;

/** The hub protocols the load tester's clients speak, by {@code --protocol} name. */
public final class LoadTestProtocols {

  private LoadTestProtocols() {}

  /**
   * {@code messagepack}: the hub's own MessagePack protocol, with {@link RawJson} arguments turned
   * into trees first (it reads Response_VM as trees too; {@link VmResponse#of} takes both).
   * Anything else: {@link ScanningJsonProtocol}.
   */
  public static HubProtocol forName(String name) {
    return "messagepack".equals(name) ? new TreesOnly(HubProtocols.MESSAGE_PACK) : ScanningJsonProtocol.INSTANCE;
  }

  /** A protocol that writes trees only, given raw JSON arguments as trees. */
  private record TreesOnly(HubProtocol protocol) implements HubProtocol {

    @Override
    public String name() {
      return protocol.name();
    }

    @Override
    public boolean isBinary() {
      return protocol.isBinary();
    }

    @Override
    public byte[] encode(HubMessage message) {
      return protocol.encode(message instanceof InvocationMessage invocation ? RawJson.withTrees(invocation) : message);
    }

    @Override
    public Reader newReader(int maxMessageSize) {
      return protocol.newReader(maxMessageSize);
    }
  }
}
