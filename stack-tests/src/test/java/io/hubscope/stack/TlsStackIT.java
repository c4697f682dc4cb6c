package io.hubscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The stack over TLS end to end, as the shipped jars run it: observer, app server and a proxy each
 * serve HTTPS from a Spring Boot SSL bundle holding a self-signed certificate this test makes with
 * keytool; each JVM trusts it through its trust store ({@code javax.net.ssl.trustStore}). A
 * {@code wss://} client talks to the proxy, the proxy's upstream links are {@code wss://} to the
 * app server, and its tap reaches the observer over {@code wss://}.
 */
class TlsStackIT {

  static final Duration WAIT = Duration.ofSeconds(120);
  static final String STORE_PASSWORD = UUID.randomUUID().toString();
  static final String OBSERVER_PASSWORD = UUID.randomUUID().toString();
  static final String SHARED_SECRET = UUID.randomUUID().toString();
  static final String TAP_TOKEN = UUID.randomUUID().toString();
  static final String MANAGEMENT_TOKEN = UUID.randomUUID().toString();

  // Kept when a test fails: the failure message points at the processes' logs here.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) static Path dir;
  static final List<Process> processes = new ArrayList<>();
  static int observerPort;
  static int appPort;
  static int proxyPort;
  static SSLContext trust;
  static SslContext nettyTrust;

  @BeforeAll
  static void startStackOverTls() throws Exception {
    Path keyStore = dir.resolve("server.p12");
    Path cert = dir.resolve("server.crt");
    Path trustStore = dir.resolve("trust.p12");
    keytool("-genkeypair", "-alias", "hubscope", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1",
        "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", "hubscope", "-file", cert.toString(),
        "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    keytool("-importcert", "-noprompt", "-alias", "hubscope", "-file", cert.toString(),
        "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    TrustManagerFactory tmf = trustManagers(trustStore);
    trust = SSLContext.getInstance("TLS");
    trust.init(null, tmf.getTrustManagers(), null);
    nettyTrust = SslContextBuilder.forClient().trustManager(tmf).build();

    int[] ports = DemoStack.freePorts(3);
    observerPort = ports[0];
    appPort = ports[1];
    proxyPort = ports[2];
    start("observer", "observer-server", observerPort, trustStore, keyStore, Map.of(
        "HUBSCOPE_OBSERVER_PASSWORD", OBSERVER_PASSWORD,
        "HUBSCOPE_OBSERVER_INGEST_TOKEN", TAP_TOKEN,
        "HUBSCOPE_OBSERVER_JDBC_URL", "jdbc:h2:mem:tls;DB_CLOSE_DELAY=-1"));
    start("app", "app-server", appPort, trustStore, keyStore, Map.of(
        "HUBSCOPE_APP_SHARED_SECRET", SHARED_SECRET));
    start("proxy", "proxy-agent", proxyPort, trustStore, keyStore, Map.of(
        "HUBSCOPE_PROXY_UPSTREAM", "https://localhost:" + appPort + "/dotnetify",
        "HUBSCOPE_PROXY_SHARED_SECRET", SHARED_SECRET,
        "HUBSCOPE_PROXY_POOL_SIZE", "2",
        "HUBSCOPE_PROXY_NODE_NAME", "proxy-tls",
        "HUBSCOPE_TAP_URL", "https://localhost:" + observerPort + "/observe",
        "HUBSCOPE_TAP_TOKEN", TAP_TOKEN,
        "HUBSCOPE_MANAGEMENT_TOKEN", MANAGEMENT_TOKEN));
    // The proxy is UP once its pooled wss:// links to the app server are live.
    for (int port : ports) {
      assertThat(until(() -> body(get(port, "/actuator/health", null)).contains("\"status\":\"UP\""), WAIT))
          .as("https health on " + port + " (logs in " + dir + ")").isTrue();
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (Process p : processes) p.destroy();
    for (Process p : processes) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
    }
  }

  @Test
  void dashboardLogin_isServedOverHttps_withASecureStrictSessionCookie() {
    HttpResponse<String> login = get(observerPort, "/login", null);
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("name=\"password\"");
    String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SESSION="))
        .findFirst().orElseThrow();
    assertThat(cookie).contains("; Secure").contains("SameSite=Strict").containsIgnoringCase("HttpOnly");
  }

  @Test
  void wssClientThroughTheProxy_reachesTheAppServer_andTheTapReachesTheObserver() throws Exception {
    HubClientConnection client = HubClient.builder("https://localhost:" + proxyPort + "/dotnetify")
        .userAgent("tls-it/1.0")
        .httpClient(reactor.netty.http.client.HttpClient.create().secure(s -> s.sslContext(nettyTrust)))
        .build().connect().block(Duration.ofSeconds(30));
    try {
      CompletableFuture<String> hello = new CompletableFuture<>();
      client.on("Response_VM", args -> {
        JsonNode pair = args.get(0);
        if ("HelloWorld".equals(pair.get(0).asString())) hello.complete(pair.get(1).asString());
      });
      client.invoke("Request_VM", "HelloWorld", Map.of()).block(Duration.ofSeconds(30));
      assertThat(hello.get(30, TimeUnit.SECONDS)).contains("Hello World!");

      // The proxy's upstream links are wss:// (its health details, for the token holder, say so).
      assertThat(body(get(proxyPort, "/actuator/health/details", "Bearer " + MANAGEMENT_TOKEN)))
          .contains("https://localhost:" + appPort + "/dotnetify").contains("\"connected\":2");

      // The tap delivered over wss://: the observer knows the proxy and its open client.
      String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + OBSERVER_PASSWORD).getBytes(StandardCharsets.UTF_8));
      assertThat(until(() -> {
        String summary = body(get(observerPort, "/api/v1/connections?state=active&ua=tls-it", basic));
        return summary.contains(client.connectionId());
      }, Duration.ofSeconds(30))).as("the observer shows the wss client's connection").isTrue();
    } finally {
      client.close().block(Duration.ofSeconds(10));
    }
  }

  @Test
  void plainHttpToATlsPort_getsNoPage() {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + observerPort + "/login"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).doesNotContain("name=\"password\"");
    } catch (IOException e) {
      // refused at the TLS handshake: what we want
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void start(String name, String module, int port, Path trustStore, Path keyStore, Map<String, String> env)
      throws IOException {
    Path jar = DemoStack.ROOT.resolve(module).resolve("target").resolve(module + ".jar");
    assertThat(jar).as("packaged jar").exists();
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStoreType=PKCS12",
        "-jar", jar.toString());
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    Map<String, String> e = pb.environment();
    e.putAll(env);
    e.put("SERVER_PORT", Integer.toString(port));
    // Secrets through the environment, never the command line (visible in ps).
    e.put("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD);
    e.put("SERVER_SSL_BUNDLE", "server");
    e.put("SPRING_SSL_BUNDLE_JKS_SERVER_KEYSTORE_LOCATION", "file:" + keyStore);
    e.put("SPRING_SSL_BUNDLE_JKS_SERVER_KEYSTORE_TYPE", "PKCS12");
    e.put("SPRING_SSL_BUNDLE_JKS_SERVER_KEYSTORE_PASSWORD", STORE_PASSWORD);
    processes.add(pb.start());
  }

  static HttpResponse<String> get(int port, String path, String authorization) {
    HttpClient http = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10));
    if (authorization != null) request.header("Authorization", authorization);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static String body(HttpResponse<String> response) {
    return response == null ? "" : response.body();
  }

  static boolean until(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return true;
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  static TrustManagerFactory trustManagers(Path trustStore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(trustStore)) {
      ks.load(in, STORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return tmf;
  }

  static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool " + args[0] + ": " + out).isTrue();
  }
}
