package io.hubscope.hub.protocol;

import java.util.List;
import java.util.Optional;

/** The hub protocols this hub speaks, by handshake name. Both are stateless singletons. */
public final class HubProtocols {

  public static final JsonHubProtocol JSON = new JsonHubProtocol();
  public static final MessagePackHubProtocol MESSAGE_PACK = new MessagePackHubProtocol();

  private static final List<HubProtocol> ALL = List.of(JSON, MESSAGE_PACK);

  private HubProtocols() {
  }

  /**
   * The protocol with this handshake name ({@code json}, {@code messagepack}), if supported. Case
   * is ignored, as the reference server ignores it.
   */
  public static Optional<HubProtocol> find(String name) {
    for (HubProtocol protocol : ALL) {
      if (protocol.name().equalsIgnoreCase(name)) return Optional.of(protocol);
    }
    return Optional.empty();
  }

  /** Every supported protocol, JSON first. */
  public static List<HubProtocol> all() {
    return ALL;
  }
}
