package io.hubscope.hub.boot.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.boot.EnvironmentBinding;
import io.hubscope.hub.testing.ConfigurationMetadata;
import io.hubscope.tap.NodeIdentity;
import io.hubscope.tap.TapOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TapPropertiesTests {

  static final NodeIdentity NODE = NodeIdentity.of("app", "a1", "127.0.0.1:8081");
  static final String URL = "http://127.0.0.1:8080/observe";

  @Test
  void unset_keepsTheTapOptionsDefaults() {
    TapProperties properties = EnvironmentBinding.bind("hubscope.tap", TapProperties.class,
        Map.of("HUBSCOPE_TAP_URL", URL));

    TapOptions bound = properties.options(NODE).build();
    TapOptions defaults = TapOptions.builder(URL, NODE).build();
    assertThat(bound).usingRecursiveComparison().ignoringFields("metrics", "notClients").isEqualTo(defaults);
    assertThat(properties.nodeNameOr("app")).isEqualTo("app");
  }

  @Test
  void metadataDefaults_areTheTapOptionsDefaults() {
    Map<String, Object> environment = new java.util.HashMap<>(ConfigurationMetadata.defaultsAsEnvironment("hubscope.tap"));
    assertThat(environment).containsKeys("HUBSCOPE_TAP_QUEUE_MAX_BYTES", "HUBSCOPE_TAP_HEADERS", "HUBSCOPE_TAP_LINGER");
    environment.put("HUBSCOPE_TAP_URL", URL);

    TapOptions bound = EnvironmentBinding.bind("hubscope.tap", TapProperties.class, environment).options(NODE).build();
    assertThat(bound).usingRecursiveComparison().ignoringFields("metrics", "notClients")
        .isEqualTo(TapOptions.builder(URL, NODE).build());
  }

  @Test
  void environmentVariables_overrideOnlyWhatTheySet() {
    TapProperties properties = EnvironmentBinding.bind("hubscope.tap", TapProperties.class, Map.of(
        "HUBSCOPE_TAP_URL", URL, "HUBSCOPE_TAP_TOKEN", "t0ken", "HUBSCOPE_TAP_QUEUE_MAX_BYTES", "1MB",
        "HUBSCOPE_TAP_LINGER", "50ms", "HUBSCOPE_TAP_REDACT_FIELDS", "pin", "HUBSCOPE_TAP_PAYLOAD_SAMPLE_RATE", "0.5",
        "HUBSCOPE_TAP_NODE_NAME", "edge-1"));

    TapOptions options = properties.options(NODE).build();
    assertThat(options.token()).isEqualTo("t0ken");
    assertThat(options.queueMaxBytes()).isEqualTo(1024 * 1024);
    assertThat(options.linger()).isEqualTo(Duration.ofMillis(50));
    assertThat(options.redactFields()).containsExactly("pin");
    assertThat(options.payloadSampleRate()).isEqualTo(0.5);
    assertThat(options.batchMaxEvents()).isEqualTo(TapOptions.builder(URL, NODE).build().batchMaxEvents());
    assertThat(properties.nodeNameOr("app")).isEqualTo("edge-1");
  }
}
