package io.hubscope.hub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What each app's {@code ConfigurationMetadataTests} checks on its own class path: every
 * {@code hubscope.*} key its application.yml sets is in the generated configuration metadata, and
 * every {@code hubscope.*} property there is described.
 */
public abstract class ConfigurationMetadataContract {

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
