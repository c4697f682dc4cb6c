package io.hubscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml, validated by Debian's docker-compose (no engine runs here), and every
 * environment variable a service sets is one its app really reads: its application.yml names it, or
 * it is the environment form (Spring Boot's relaxed binding) of a property in the configuration
 * metadata the app's modules generate, which the application.yml files no longer repeat.
 */
class ComposeConfigIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Map<String, String> MODULE_OF = Map.of(
      "observer", "observer-server", "app-server", "app-server", "proxy-1", "proxy-agent",
      "proxy-2", "proxy-agent", "loadtest", "load-tester");
  /** The modules whose generated configuration metadata an app's properties come from. */
  static final Map<String, List<String>> METADATA_OF = Map.of(
      "observer-server", List.of("observer-server"), "app-server", List.of("app-server", "hub-spring-boot"),
      "proxy-agent", List.of("proxy-agent", "hub-spring-boot"), "load-tester", List.of());

  @Test
  @SuppressWarnings("unchecked")
  void composeFile_isValid_andNamesOnlyRealProperties() throws Exception {
    Process p = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config")
        .directory(ROOT.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();

    Map<String, Object> config = new Yaml().load(out);
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) config.get("services");
    assertThat(services).containsOnlyKeys(MODULE_OF.keySet());
    assertThat((List<String>) services.get("loadtest").get("profiles")).containsExactly("loadtest");

    for (var service : services.entrySet()) {
      String module = MODULE_OF.get(service.getKey());
      assertThat(ROOT.resolve(module).resolve("Dockerfile")).exists();
      Map<String, Object> env = (Map<String, Object>) service.getValue().getOrDefault("environment", Map.of());
      String yml = applicationYml(module);
      Set<String> bound = environmentNames(module);
      for (String name : env.keySet()) {
        if (name.equals("JAVA_OPTS")) continue; // read by the image's entrypoint
        if (bound.contains(name)) continue;
        assertThat(yml).as(service.getKey() + " sets " + name + ", which " + module + " must read")
            .containsPattern("\\$\\{" + name + "[:}]");
      }
      if (!service.getKey().equals("loadtest")) {
        assertThat(service.getValue()).containsKey("healthcheck");
      }
    }
    Map<String, Object> proxyDeps = (Map<String, Object>) services.get("proxy-1").get("depends_on");
    assertThat(proxyDeps.get("app-server").toString()).contains("service_healthy");
    assertThat(config.get("volumes").toString()).contains("observer-data");
  }

  /** HUBSCOPE_PROXY_POOL_SIZE for hubscope.proxy.pool-size: the names relaxed binding maps. */
  static Set<String> environmentNames(String module) {
    Set<String> names = new HashSet<>();
    for (String source : METADATA_OF.get(module)) {
      Path metadata = ROOT.resolve(source).resolve("target/classes/META-INF/spring-configuration-metadata.json");
      assertThat(metadata).as("generated when " + source + " is built").exists();
      for (JsonNode property : JsonMapper.shared().readTree(metadata.toFile()).path("properties")) {
        names.add(property.path("name").asString().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
      }
    }
    return names;
  }

  static String applicationYml(String module) throws IOException {
    Path yml = ROOT.resolve(module).resolve("src/main/resources/application.yml");
    return Files.exists(yml) ? Files.readString(yml) : "";
  }
}
