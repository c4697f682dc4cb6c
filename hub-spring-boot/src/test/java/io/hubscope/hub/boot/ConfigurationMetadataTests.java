package io.hubscope.hub.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.testing.ConfigurationMetadata;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hub, tap and management properties an app gets from this module are all described. */
class ConfigurationMetadataTests {

  @Test
  void everyHubscopeProperty_isDescribed() {
    Set<String> all = ConfigurationMetadata.hubscopeProperties().keySet();

    assertThat(all).contains("hubscope.hub.path", "hubscope.tap.url", "hubscope.management.token");
    assertThat(ConfigurationMetadata.undescribed(all)).isEmpty();
  }
}
