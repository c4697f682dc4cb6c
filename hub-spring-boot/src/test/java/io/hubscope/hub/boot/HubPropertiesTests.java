package io.hubscope.hub.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.testing.ConfigurationMetadata;
import io.hubscope.hub.transport.HubTransports;
import io.hubscope.hub.transport.TransportSettings;
import io.hubscope.hub.transport.TransportType;
import io.hubscope.hub.transport.reconnect.ReconnectSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubPropertiesTests {

  @Test
  void unset_keepsTheHubsDefaults() {
    HubProperties properties = EnvironmentBinding.bind("hubscope.hub", HubProperties.class, Map.of());

    assertThat(properties.settings()).isEqualTo(TransportSettings.defaults());
    assertThat(properties.path()).isNull();
  }

  @Test
  void metadataDefaults_areTheHubsDefaults() {
    Map<String, Object> defaults = ConfigurationMetadata.defaultsAsEnvironment("hubscope.hub");
    assertThat(defaults).containsKeys("HUBSCOPE_HUB_MAX_MESSAGE_SIZE", "HUBSCOPE_HUB_CLIENT_TIMEOUT");

    HubProperties properties = EnvironmentBinding.bind("hubscope.hub", HubProperties.class, defaults);
    assertThat(properties.settings()).isEqualTo(TransportSettings.defaults());
    assertThat(properties.hubTransports()).isEqualTo(HubTransports.defaults());
  }

  @Test
  void transports_bindByTheirSignalRNames() {
    HubProperties properties = EnvironmentBinding.bind("hubscope.hub", HubProperties.class, Map.of(
        "HUBSCOPE_HUB_TRANSPORTS", "WebSockets,LongPolling", "HUBSCOPE_HUB_LONG_POLL_TIMEOUT", "20s"));

    assertThat(properties.hubTransports().enabled())
        .containsExactlyInAnyOrder(TransportType.WEB_SOCKETS, TransportType.LONG_POLLING);
    assertThat(properties.hubTransports().pollTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(EnvironmentBinding.bind("hubscope.hub", HubProperties.class, Map.of()).hubTransports())
        .isEqualTo(HubTransports.defaults());
  }

  @Test
  void environmentVariables_overrideOnlyWhatTheySet() {
    HubProperties properties = EnvironmentBinding.bind("hubscope.hub", HubProperties.class, Map.of(
        "HUBSCOPE_HUB_MAX_MESSAGE_SIZE", "1000", "HUBSCOPE_HUB_KEEP_ALIVE_INTERVAL", "5s",
        "HUBSCOPE_HUB_ALLOWED_ORIGINS", "http://a.example,http://b.example"));

    TransportSettings settings = properties.settings();
    assertThat(settings.maxMessageSize()).isEqualTo(1000);
    assertThat(settings.keepAliveInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.clientTimeout()).isEqualTo(TransportSettings.defaults().clientTimeout());
    assertThat(properties.allowedOrigins()).containsExactlyInAnyOrder("http://a.example", "http://b.example");
  }

  @Test
  void statefulReconnect_metadataDefaultsAreTheHubsAndEnvironmentOverridesEach() {
    HubProperties defaults = EnvironmentBinding.bind("hubscope.hub", HubProperties.class,
        ConfigurationMetadata.defaultsAsEnvironment("hubscope.hub"));
    assertThat(defaults.statefulReconnect().settings()).isEqualTo(ReconnectSettings.defaults());

    HubProperties set = EnvironmentBinding.bind("hubscope.hub", HubProperties.class, Map.of(
        "HUBSCOPE_HUB_STATEFUL_RECONNECT_BUFFER_SIZE", "5000", "HUBSCOPE_HUB_STATEFUL_RECONNECT_GRACE_PERIOD", "3s"));
    assertThat(set.statefulReconnect().settings())
        .isEqualTo(new ReconnectSettings(true, 5000, Duration.ofSeconds(3)));
    set = EnvironmentBinding.bind("hubscope.hub", HubProperties.class, Map.of(
        "HUBSCOPE_HUB_STATEFUL_RECONNECT_ENABLED", "false"));
    assertThat(set.statefulReconnect().settings().enabled()).isFalse();
  }
}
