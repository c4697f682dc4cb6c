package io.hubscope.loadtest.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark reads from a running server over HTTP: whether its health says UP, its heap
 * after a full GC and the bytes it has allocated (from its Prometheus text), and any other page.
 * Every read is bounded by short timeouts and answers "" or NaN rather than throwing: a server
 * under load or frozen on purpose may not answer, and the caller decides what that means.
 */
final class ServerProbe {

  private static final Pattern HEAP_USED = Pattern.compile(
      "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);
  private static final Pattern ALLOCATED = Pattern.compile(
      "^jvm_gc_memory_allocated_bytes_total(?:\\{[^}]*})?\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);
  private static final Pattern EDEN_USED = Pattern.compile(
      "^jvm_memory_used_bytes\\{[^}]*id=\"[^\"]*Eden[^\"]*\"[^}]*}\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);

  private ServerProbe() {
  }

  /** Which answers {@link #get} takes the body of. */
  enum Accept {
    /** 200 only. */
    OK,
    /** 200, and 503 as well: a health endpoint answers 503 while DOWN, with the same body. */
    OK_OR_DOWN
  }

  /** The body of {@code url}, or "" when it does not answer, or answers other than {@code accept} takes. */
  static String get(String url, String authorization, Accept accept) {
    try {
      HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
      if (authorization != null) http.setRequestProperty("Authorization", authorization);
      http.setConnectTimeout(2000);
      http.setReadTimeout(5000);
      int status = http.getResponseCode();
      boolean taken = status == 200 || (status == 503 && accept == Accept.OK_OR_DOWN);
      String body = "";
      if (taken) {
        try (var in = status == 200 ? http.getInputStream() : http.getErrorStream()) {
          body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      http.disconnect();
      return body;
    } catch (IOException e) {
      return "";
    }
  }

  /** The body of {@code path} on {@code server} with its management token. */
  static String get(ServerProcess server, String path, Accept accept) {
    return get(server.baseUrl() + path, server.managementAuthorization(), accept);
  }

  /** Whether {@code path} (a health endpoint) answers 200 with status UP. */
  static boolean isUp(ServerProcess server, String path) {
    // A proxy is UP only once its pooled connections to the app server are live.
    return get(server.baseUrl() + path, null, Accept.OK).contains("\"status\":\"UP\"");
  }

  /**
   * The server's used heap in bytes right after a full GC ({@code jcmd <pid> GC.run}), from its
   * Prometheus endpoint ({@code authorization} for a server that wants a login, else null for the
   * server's management token); NaN when either is unavailable.
   */
  static double heapAfterGc(ServerProcess server, String authorization) {
    try {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "GC.run")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) return Double.NaN;
    } catch (IOException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
    String text = get(server.baseUrl() + "/actuator/prometheus",
        authorization != null ? authorization : server.managementAuthorization(), Accept.OK);
    Matcher m = HEAP_USED.matcher(text);
    double bytes = 0;
    boolean found = false;
    while (m.find()) {
      bytes += Double.parseDouble(m.group(1));
      found = true;
    }
    return found ? bytes : Double.NaN;
  }

  /**
   * Heap bytes the server has allocated since it started, from its Prometheus endpoint (with its
   * {@link ServerProcess#metricsAuthorization()}); NaN when unavailable.
   */
  static double allocatedBytes(ServerProcess server) {
    String text = get(server.baseUrl() + "/actuator/prometheus", server.metricsAuthorization(), Accept.OK);
    return text.isEmpty() ? Double.NaN : allocatedBytes(text);
  }

  /**
   * The allocation counter of a Prometheus text plus the eden space in use; NaN without the
   * counter. Micrometer's {@code jvm.gc.memory.allocated} counts young-generation growth up to the
   * last GC only, so the eden space in use now is added: a young GC empties eden, and what eden
   * holds now was allocated since. Exact to the unused ends of the threads' allocation buffers.
   * (The raw echo server reports an exact total under the same name.)
   */
  static double allocatedBytes(String prometheusText) {
    Matcher counter = ALLOCATED.matcher(prometheusText);
    if (!counter.find()) return Double.NaN;
    double bytes = Double.parseDouble(counter.group(1));
    Matcher eden = EDEN_USED.matcher(prometheusText);
    while (eden.find()) bytes += Double.parseDouble(eden.group(1));
    return bytes;
  }

  /** Sleeps between two polls; an interrupt ends the wait with an exception, as it ends the benchmark. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
