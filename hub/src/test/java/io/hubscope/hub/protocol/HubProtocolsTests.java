package io.hubscope.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HubProtocolsTests {

  @Test
  void find_returnsSingletonsByHandshakeName() {
    assertThat(HubProtocols.find("json")).containsSame(HubProtocols.JSON);
    assertThat(HubProtocols.find("messagepack")).containsSame(HubProtocols.MESSAGE_PACK);
    assertThat(HubProtocols.find("MessagePack")).containsSame(HubProtocols.MESSAGE_PACK);
    assertThat(HubProtocols.MESSAGE_PACK.isBinary()).isTrue();
  }

  @Test
  void find_isEmptyForUnknownProtocols() {
    assertThat(HubProtocols.find("blazorpack")).isEmpty();
    assertThat(HubProtocols.find(null)).isEmpty();
  }
}
