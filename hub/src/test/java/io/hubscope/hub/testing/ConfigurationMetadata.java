package io.hubscope.hub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code hubscope.*} properties as Spring Boot's configuration processor described them (every
 * {@code META-INF/spring-configuration-metadata.json} on the class path), and the {@code hubscope.*}
 * keys an app's {@code application.yml} sets: an app's test checks that each key it sets is
 * described, so IDE completion and the reference of settings cover everything it documents.
 */
public final class ConfigurationMetadata {

  private static final String PREFIX = "hubscope.";

  private ConfigurationMetadata() {}

  /** Name to metadata entry of every {@code hubscope.*} property on the class path. */
  public static Map<String, JsonNode> hubscopeProperties() {
    Map<String, JsonNode> properties = new TreeMap<>();
    JsonMapper json = JsonMapper.builder().build();
    try {
      for (URL url : Collections.list(ConfigurationMetadata.class.getClassLoader()
          .getResources("META-INF/spring-configuration-metadata.json"))) {
        try (InputStream in = url.openStream()) {
          for (JsonNode p : json.readTree(in).path("properties").values()) {
            String name = p.path("name").asString();
            if (name.startsWith(PREFIX)) properties.put(name, p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /** The {@code hubscope.*} keys a YAML resource on the class path sets (list values count once). */
  public static Set<String> hubscopeKeys(String yamlResource) {
    try (InputStream in = ConfigurationMetadata.class.getClassLoader().getResourceAsStream(yamlResource)) {
      if (in == null) throw new IllegalArgumentException("no resource " + yamlResource);
      Set<String> keys = new TreeSet<>();
      Map<String, Object> root = new Yaml().load(in);
      flatten("", root, keys);
      keys.removeIf(k -> !k.startsWith(PREFIX));
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The keys that have no metadata entry, or one without a description, each with what is wrong. */
  public static List<String> undescribed(Set<String> keys) {
    Map<String, JsonNode> properties = hubscopeProperties();
    List<String> faults = new ArrayList<>();
    for (String key : keys) {
      JsonNode p = properties.get(key);
      if (p == null) faults.add(key + ": no metadata");
      else if (p.path("description").asString("").isBlank()) faults.add(key + ": no description");
    }
    return faults;
  }

  /**
   * The metadata's default values of the properties under {@code prefix} as environment variables
   * ({@code HUBSCOPE_HUB_MAX_MESSAGE_SIZE=32768}, lists comma-separated): binding them must give
   * what binding nothing gives, or the documented defaults have drifted from the code's.
   */
  public static Map<String, Object> defaultsAsEnvironment(String prefix) {
    Map<String, Object> environment = new TreeMap<>();
    hubscopeProperties().forEach((name, p) -> {
      JsonNode value = p.get("defaultValue");
      if (!name.startsWith(prefix + ".") || value == null) return;
      String text = value.isArray()
          ? String.join(",", value.values().stream().map(JsonNode::asString).toList())
          : value.asString();
      environment.put(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), text);
    });
    return environment;
  }

  private static void flatten(String prefix, Map<?, ?> map, Set<String> keys) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> child) flatten(key + ".", child, keys);
      else keys.add(key);
    }
  }
}
