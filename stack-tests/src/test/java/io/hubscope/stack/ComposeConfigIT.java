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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
      "proxy-2", "proxy-agent", "loadtest", "load-tester", "app-server-2", "app-server");
  /** The modules whose generated configuration metadata an app's properties come from. */
  static final Map<String, List<String>> METADATA_OF = Map.of(
      "observer-server", List.of("observer-server"), "app-server", List.of("app-server", "hub-spring-boot"),
      "proxy-agent", List.of("proxy-agent", "hub-spring-boot"), "load-tester", List.of());

  /** The secrets the file takes from the environment, with no default. */
  static final List<String> SECRETS = List.of("HUBSCOPE_OBSERVER_PASSWORD", "HUBSCOPE_TAP_TOKEN", "HUBSCOPE_SHARED_SECRET",
      "HUBSCOPE_MANAGEMENT_TOKEN");
  /** The `monitoring` profile's services: released images, configured from monitoring/ (MonitoringIT). */
  static final List<String> MONITORING = List.of("prometheus", "grafana");
  /** The `cluster` profile's services: a second app server and the Redis the app servers share. */
  static final List<String> CLUSTER = List.of("app-server-2", "redis");

  @TempDir Path temp;

  /** What {@code docker-compose config} printed: the resolved file on stdout, warnings on stderr. */
  record ComposeRun(int exitCode, String out, String err) {
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services() {
      return (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(out).get("services");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> environment(String service) {
      return (Map<String, Object>) services().get(service).get("environment");
    }
  }

  /**
   * {@code docker-compose config} with exactly {@code secrets} in its environment: an empty env file
   * keeps a developer's own .env out of the test.
   */
  ComposeRun composeConfig(Map<String, String> secrets) throws Exception {
    Path envFile = temp.resolve("empty.env");
    if (!Files.exists(envFile)) Files.createFile(envFile);
    Path err = temp.resolve("compose.err");
    ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml",
        "--env-file", envFile.toString(), "config").directory(ROOT.toFile()).redirectError(err.toFile());
    SECRETS.forEach(builder.environment()::remove);
    builder.environment().putAll(secrets);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new ComposeRun(p.exitValue(), out, Files.readString(err));
  }

  /**
   * Unset, a secret reaches its services empty (compose says so), never as a default: the app
   * server then refuses to start ({@code RedirectWithoutSecretIT} in app-server), the observer makes
   * a random password and refuses every tap, the actuators refuse every request but health, and
   * Prometheus' and Grafana's entrypoints refuse to start (below).
   */
  @Test
  void withoutTheSecrets_composeWarnsAndPassesThemOnEmpty() throws Exception {
    ComposeRun none = composeConfig(Map.of());
    assertThat(none.exitCode()).as(none.err()).isZero();
    for (String name : SECRETS) {
      assertThat(none.err()).contains("The " + name + " variable is not set");
    }
    assertThat(none.environment("app-server")).containsEntry("HUBSCOPE_APP_REDIRECT_TO_PROXIES", "true")
        .containsEntry("HUBSCOPE_APP_SHARED_SECRET", "").containsEntry("HUBSCOPE_MANAGEMENT_TOKEN", "");
    assertThat(none.environment("proxy-1")).containsEntry("HUBSCOPE_PROXY_SHARED_SECRET", "")
        .containsEntry("HUBSCOPE_TAP_TOKEN", "");
    assertThat(none.environment("observer")).containsEntry("HUBSCOPE_OBSERVER_PASSWORD", "")
        .containsEntry("HUBSCOPE_OBSERVER_INGEST_TOKEN", "");
    assertThat(none.environment("grafana")).containsEntry("GF_SECURITY_ADMIN_PASSWORD", "");
  }

  @Test
  void grafanaWithAnEmptyAdminPassword_refusesToStart() throws Exception {
    // Grafana itself would fall back to admin/admin; its entrypoint stops that.
    ProcessBuilder builder = new ProcessBuilder("sh", ROOT.resolve("monitoring/grafana/entrypoint.sh").toString())
        .redirectErrorStream(true);
    builder.environment().put("GF_SECURITY_ADMIN_PASSWORD", "");
    Map.Entry<Integer, String> empty = run(builder);
    assertThat(empty.getKey()).isEqualTo(64);
    assertThat(empty.getValue()).contains("set HUBSCOPE_OBSERVER_PASSWORD");

    builder.environment().put("GF_SECURITY_ADMIN_PASSWORD", "a-random-password");
    Map.Entry<Integer, String> set = run(builder);
    assertThat(set.getValue()).as("goes on to Grafana's own entrypoint, absent here").contains("/run.sh")
        .doesNotContain("set HUBSCOPE_OBSERVER_PASSWORD");
  }

  @Test
  void prometheusWithoutTheManagementToken_refusesToStart() throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sh", ROOT.resolve("monitoring/prometheus/entrypoint.sh").toString())
        .redirectErrorStream(true);
    builder.environment().put("HUBSCOPE_MANAGEMENT_TOKEN", "");
    builder.environment().put("HUBSCOPE_OBSERVER_PASSWORD", "a-random-password");
    Map.Entry<Integer, String> run = run(builder);
    assertThat(run.getKey()).isNotZero();
    assertThat(run.getValue()).contains("set HUBSCOPE_MANAGEMENT_TOKEN");
  }

  static Map.Entry<Integer, String> run(ProcessBuilder builder) throws Exception {
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return Map.entry(p.exitValue(), out);
  }

  @Test
  void noSecretIsWrittenInTheFile() throws Exception {
    String file = Files.readString(ROOT.resolve("docker-compose.yml"));
    for (String name : SECRETS) {
      Matcher uses = Pattern.compile("\\$\\{" + name + "([^}]*)}").matcher(file);
      int count = 0;
      while (uses.find()) {
        count++;
        assertThat(uses.group(1)).as(name + " is taken from the environment as it is: no default, no text")
            .isEmpty();
      }
      assertThat(count).as(name + " is used").isPositive();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeFile_isValid_andNamesOnlyRealProperties() throws Exception {
    Map<String, String> secrets = new java.util.HashMap<>();
    SECRETS.forEach(s -> secrets.put(s, "value-of-" + s.toLowerCase(java.util.Locale.ROOT)));
    ComposeRun run = composeConfig(secrets);
    String out = run.out();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).as("every variable set").doesNotContain("is not set");

    Map<String, Object> config = new Yaml().load(out);
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) config.get("services");
    Set<String> expected = new HashSet<>(MODULE_OF.keySet());
    expected.addAll(MONITORING);
    expected.add("redis");
    assertThat(services).containsOnlyKeys(expected);
    assertThat((List<String>) services.get("loadtest").get("profiles")).containsExactly("loadtest");
    Map<String, Map<String, Object>> monitoring = new java.util.HashMap<>();
    for (String name : MONITORING) {
      Map<String, Object> service = services.remove(name);
      monitoring.put(name, service);
      assertThat((List<String>) service.get("profiles")).as(name).containsExactly("monitoring");
      assertThat(service.get("image").toString()).as(name + " runs a pinned release").matches(".+:v?\\d+(\\.\\d+)+");
      assertThat(service.get("volumes").toString()).as(name + " is configured from monitoring/").contains("/monitoring/");
    }
    for (String name : CLUSTER) {
      assertThat((List<String>) services.get(name).get("profiles")).as(name).containsExactly("cluster");
    }
    Map<String, Object> redis = services.remove("redis");
    assertThat(redis.get("image").toString()).as("redis runs a pinned release").matches("redis:\\d+(\\.\\d+)+.*");
    assertThat(redis.get("command").toString()).as("redis keeps nothing on disk").contains("--save");
    assertThat(redis).containsKey("healthcheck");
    Map<String, Object> prometheusEnv = (Map<String, Object>) monitoring.get("prometheus").get("environment");
    assertThat(prometheusEnv.get("HUBSCOPE_MANAGEMENT_TOKEN")).as("Prometheus scrapes with the apps' management token")
        .isEqualTo("value-of-hubscope_management_token");

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
    Map<String, Object> appEnv = (Map<String, Object>) services.get("app-server").get("environment");
    assertThat(appEnv.get("HUBSCOPE_APP_SHARED_SECRET")).as("taken from the environment")
        .isEqualTo("value-of-hubscope_shared_secret");
    Map<String, Object> proxyDeps = (Map<String, Object>) services.get("proxy-1").get("depends_on");
    assertThat(proxyDeps.get("app-server").toString()).contains("service_healthy");
    assertThat(config.get("volumes").toString()).contains("observer-data");
    Map<String, Object> secondEnv = (Map<String, Object>) services.get("app-server-2").get("environment");
    assertThat(secondEnv).as("the second app server is the first one's twin but for its name")
        .containsAllEntriesOf(Map.of("HUBSCOPE_APP_SHARED_SECRET", "value-of-hubscope_shared_secret",
            "HUBSCOPE_TAP_NODE_NAME", "app-server-2"));
    assertThat(secondEnv).containsKey("HUBSCOPE_CLUSTER_REDIS_URL");
  }

  @Test
  void clusterProfile_pointsBothAppServersAndTheProxiesAtTheSameCluster() throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    SECRETS.forEach(s -> env.put(s, "value-of-" + s.toLowerCase(java.util.Locale.ROOT)));
    env.put("HUBSCOPE_CLUSTER_REDIS_URL", "redis://redis:6379");
    env.put("HUBSCOPE_PROXY_UPSTREAMS", "http://app-server:8081/dotnetify,http://app-server-2:8081/dotnetify");
    ComposeRun run = composeConfig(env);
    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String app : List.of("app-server", "app-server-2")) {
      assertThat(run.environment(app).get("HUBSCOPE_CLUSTER_REDIS_URL")).as(app).isEqualTo("redis://redis:6379");
    }
    for (String proxy : List.of("proxy-1", "proxy-2")) {
      assertThat(run.environment(proxy).get("HUBSCOPE_PROXY_UPSTREAMS")).as(proxy).isEqualTo("http://app-server:8081/dotnetify,http://app-server-2:8081/dotnetify");
    }
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
