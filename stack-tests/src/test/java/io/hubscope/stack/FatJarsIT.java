package io.hubscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the apps' fat jars carry: no Netty QUIC natives (five platforms' native libraries that
 * nothing here uses, which a Reactor Netty upgrade would quietly bring back; the HTTP/3 and QUIC
 * classes stay, Reactor Netty's TLS client needs them to tell that HTTP/3 is off), and an HdrHistogram no
 * older than the one Micrometer declares (a pin below it downgrades Micrometer's histograms).
 */
class FatJarsIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @ParameterizedTest
  @ValueSource(strings = {"app-server", "proxy-agent", "observer-server", "load-tester"})
  void fatJar_hasNoQuicNatives(String module) throws IOException {
    assertThat(libraries(module)).noneMatch(l -> l.toLowerCase(Locale.ROOT).matches(".*native-quic.*"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app-server", "proxy-agent", "observer-server", "load-tester"})
  void fatJar_hdrHistogramIsNotOlderThanMicrometers(String module) throws IOException {
    List<String> libs = libraries(module);
    String hdr = version(libs, "HdrHistogram-");
    String micrometer = version(libs, "micrometer-core-");
    String declared = declaredHdrHistogram(micrometer);
    assertThat(compare(hdr, declared)).as("HdrHistogram %s in %s, micrometer-core %s declares %s",
        hdr, module, micrometer, declared).isGreaterThanOrEqualTo(0);
  }

  static Path jar(String module) {
    Path jar = ROOT.resolve(module).resolve("target").resolve(module + ".jar");
    assertThat(jar).as("packaged before stack-tests").exists();
    return jar;
  }

  static List<String> libraries(String module) throws IOException {
    try (ZipFile zip = new ZipFile(jar(module).toFile())) {
      return Collections.list(zip.entries()).stream().map(ZipEntry::getName)
          .filter(n -> n.startsWith("BOOT-INF/lib/")).map(n -> n.substring("BOOT-INF/lib/".length())).toList();
    }
  }

  static String version(List<String> libs, String prefix) {
    List<String> found = libs.stream().filter(l -> l.startsWith(prefix) && l.endsWith(".jar"))
        .map(l -> l.substring(prefix.length(), l.length() - ".jar".length())).toList();
    assertThat(found).as(prefix + "*.jar").hasSize(1);
    return found.get(0);
  }

  /** The HdrHistogram version micrometer-core's pom declares, from the local Maven repository. */
  static String declaredHdrHistogram(String micrometer) throws IOException {
    String repository = System.getProperty("hubscope.localRepository",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    Path pom = Path.of(repository, "io", "micrometer", "micrometer-core", micrometer, "micrometer-core-" + micrometer + ".pom");
    assertThat(pom).as("resolved when the apps were built").exists();
    Matcher m = Pattern.compile("<artifactId>HdrHistogram</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(pom));
    assertThat(m.find()).as(pom + " names HdrHistogram").isTrue();
    return m.group(1);
  }

  /** Numeric comparison of dotted versions: 2.1.12 &lt; 2.2.2. */
  static int compare(String a, String b) {
    int[] x = Arrays.stream(a.split("\\.")).mapToInt(Integer::parseInt).toArray();
    int[] y = Arrays.stream(b.split("\\.")).mapToInt(Integer::parseInt).toArray();
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Integer.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
      if (c != 0) return c;
    }
    return 0;
  }
}
