package io.hubscope.proxy;

import io.hubscope.hub.testing.ConfigurationMetadataContract;

/** Every hubscope.* key application.yml sets is in the generated configuration metadata, described. */
class ConfigurationMetadataTests extends ConfigurationMetadataContract {}
