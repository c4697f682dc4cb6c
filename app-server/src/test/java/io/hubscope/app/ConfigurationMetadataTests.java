package io.hubscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.testing.ConfigurationMetadata;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every hubscope.* key application.yml sets is in the generated configuration metadata, described. */
class ConfigurationMetadataTests {

  @Test
  void everyHubscopeKeyOfApplicationYml_isDescribedInTheMetadata() {
    Set<String> keys = ConfigurationMetadata.hubscopeKeys("application.yml");

    assertThat(keys).isNotEmpty();
    assertThat(ConfigurationMetadata.undescribed(keys)).isEmpty();
  }

  @Test
  void everyHubscopeProperty_isDescribed() {
    Set<String> all = ConfigurationMetadata.hubscopeProperties().keySet();

    assertThat(ConfigurationMetadata.undescribed(all)).isEmpty();
  }
}
