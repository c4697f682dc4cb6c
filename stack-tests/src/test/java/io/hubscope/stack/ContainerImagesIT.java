package io.hubscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What no image build checks here (there is no Docker engine): each Dockerfile copies the fat
 * jar's layers one by one, as the jar's own layers.idx names them, runs as a user that is not root,
 * and says how its health is known. Reads the jars the reactor packaged before this module.
 */
class ContainerImagesIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @ParameterizedTest
  @ValueSource(strings = {"app-server", "proxy-agent", "observer-server", "load-tester"})
  void dockerfile_copiesTheJarsLayersAndRunsAsNonRoot(String module) throws IOException {
    String dockerfile = Files.readString(ROOT.resolve(module).resolve("Dockerfile"));
    String[] stages = dockerfile.split("(?m)^FROM ");
    assertThat(stages).as("a builder stage and the image").hasSize(3);
    String builder = stages[1];
    String image = stages[2];

    assertThat(builder).contains("COPY target/" + module + ".jar ")
        .containsPattern("java -Djarmode=tools -jar \\S+\\.jar extract --layers --launcher --destination extracted");
    List<String> copied = new ArrayList<>();
    Matcher copy = Pattern.compile("(?m)^COPY --from=builder /builder/extracted/([\\w-]+)/ \\./$").matcher(image);
    while (copy.find()) copied.add(copy.group(1));
    // The order of layers.idx: what changes least first, so a code change rebuilds only the last layer.
    assertThat(copied).containsExactlyElementsOf(layers(module));
    assertThat(image).containsPattern("(?m)^ENTRYPOINT .*org\\.springframework\\.boot\\.loader\\.launch\\.JarLauncher")
        .doesNotContain("-jar ");

    List<String> users = lines(image, "USER ");
    assertThat(users).as("the image switches to its own user").isNotEmpty();
    String user = users.get(users.size() - 1).substring("USER ".length()).trim();
    assertThat(user).isNotIn("root", "0", "0:0");
    assertThat(image.indexOf("USER " + user)).as("USER before ENTRYPOINT").isLessThan(image.indexOf("ENTRYPOINT"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app-server", "proxy-agent", "observer-server"})
  void serverImage_healthIsTheHealthEndpointOnItsPort(String module) throws IOException {
    String dockerfile = Files.readString(ROOT.resolve(module).resolve("Dockerfile"));
    String port = lines(dockerfile, "EXPOSE ").get(0).substring("EXPOSE ".length()).trim();
    String healthcheck = String.join(" ", Arrays.stream(dockerfile.split("(?m)(?<!\\\\)\n"))
        .filter(l -> l.startsWith("HEALTHCHECK")).toList());
    assertThat(healthcheck).as(module + " HEALTHCHECK").contains(" CMD ")
        .contains("/dev/tcp/127.0.0.1/${SERVER_PORT:-" + port + "}")
        .contains("GET /actuator/health ").contains("grep -q UP");
  }

  @ParameterizedTest
  @ValueSource(strings = {"load-tester"})
  void commandLineImage_saysItHasNoHealthState(String module) throws IOException {
    // A CLI run has no port to ask; an explicit NONE keeps a base image's check from applying.
    assertThat(lines(Files.readString(ROOT.resolve(module).resolve("Dockerfile")), "HEALTHCHECK"))
        .containsExactly("HEALTHCHECK NONE");
  }

  static List<String> layers(String module) throws IOException {
    Path jar = ROOT.resolve(module).resolve("target").resolve(module + ".jar");
    assertThat(jar).as("packaged before stack-tests").exists();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      var index = zip.getEntry("BOOT-INF/layers.idx");
      assertThat(index).as(jar + " is a layered jar").isNotNull();
      String text = new String(zip.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8);
      List<String> layers = new ArrayList<>();
      Matcher m = Pattern.compile("(?m)^- \"([\\w-]+)\":$").matcher(text);
      while (m.find()) layers.add(m.group(1));
      return layers;
    }
  }

  static List<String> lines(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).toList();
  }
}
