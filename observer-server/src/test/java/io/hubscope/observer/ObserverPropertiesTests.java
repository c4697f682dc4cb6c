package io.hubscope.observer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * application.yml maps the observer's environment variables without restating the defaults: unset,
 * they leave ObserverProperties' defaults alone; set, they win.
 */
class ObserverPropertiesTests {

  @Test
  void applicationYml_withNothingSet_keepsTheRecordsDefaults() throws Exception {
    ObserverProperties fromYml = bind(Map.of());
    ObserverProperties defaults = new Binder().bindOrCreate("hubscope.observer", ObserverProperties.class);

    assertThat(fromYml.limits()).isEqualTo(defaults.limits());
    assertThat(fromYml.live()).isEqualTo(defaults.live());
    assertThat(fromYml.history()).isEqualTo(defaults.history());
    assertThat(fromYml.nodes()).isEqualTo(defaults.nodes());
    assertThat(fromYml.limits().maxNodes()).isEqualTo(256);
    assertThat(fromYml.nodes().expireAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(fromYml.username()).isEqualTo("admin");
  }

  @Test
  void applicationYml_environmentVariablesWin() throws Exception {
    ObserverProperties p = bind(Map.of("HUBSCOPE_OBSERVER_MAX_NODES", "3",
        "HUBSCOPE_OBSERVER_LIVE_INTERVAL", "250ms", "HUBSCOPE_OBSERVER_HISTORY_RETENTION", "2d",
        "HUBSCOPE_OBSERVER_NODES_EXPIRE_AFTER", "90s"));

    assertThat(p.limits().maxNodes()).isEqualTo(3);
    assertThat(p.live().interval()).isEqualTo(Duration.ofMillis(250));
    assertThat(p.history().retention()).isEqualTo(Duration.ofDays(2));
    assertThat(p.nodes().expireAfter()).isEqualTo(Duration.ofSeconds(90));
  }

  private static ObserverProperties bind(Map<String, Object> environmentVariables) throws Exception {
    StandardEnvironment environment = new StandardEnvironment();
    var sources = environment.getPropertySources();
    sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
    sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
        .forEach(sources::addLast);
    ConfigurationPropertySources.attach(environment);
    return Binder.get(environment).bindOrCreate("hubscope.observer", ObserverProperties.class);
  }
}
