package io.hubscope.hub.boot;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Binds a properties record from environment variables alone, with Spring Boot's relaxed binding
 * (as an app does): what the apps' application.yml files rely on now that they repeat no defaults.
 */
public final class EnvironmentBinding {

  private EnvironmentBinding() {}

  public static <T> T bind(String prefix, Class<T> type, Map<String, Object> environment) {
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(new SystemEnvironmentPropertySource(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
    return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate(prefix, type);
  }
}
