package io.hubscope.loadtest.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's history rows: the observer's history store with millions of rows, in H2 and in
 * PostgreSQL (skipped when no server answers). Runs the observer's test-scope {@code HistoryBench}
 * in a JVM of its own, on the observer jar's libraries, so no production jar carries it; prints its
 * lines as they come and again under the table.
 */
final class HistoryRows {

  static final String NAME = "history";
  static final String MAIN = "io.hubscope.observer.history.HistoryBench";
  private static final Pattern FIGURES = Pattern.compile(
      "history (\\S+)\\s+rows (\\d+) \\((\\d+) nodes, loaded in (\\d+) s\\)\\s+7-day query (\\d+) ms.*purge 1 day (\\d+) ms \\((\\d+) rows");

  private final Path observerJar;
  private final Path testsJar;
  private final Path workDir;
  private final long rows;
  private final List<String> lines = new ArrayList<>();

  HistoryRows(Path observerJar, Path testsJar, Path workDir, long rows) {
    if (rows < 1) throw new IllegalArgumentException("rows < 1: " + rows);
    this.observerJar = observerJar;
    this.testsJar = testsJar;
    this.workDir = workDir;
    this.rows = rows;
  }

  /** Runs the history benchmark once; its H2 files and PostgreSQL database are gone afterwards. */
  void run(PrintStream log) throws IOException, InterruptedException {
    if (!Files.isRegularFile(testsJar)) {
      throw new IllegalArgumentException("No observer test jar at " + testsJar
          + " (build it: mvn -q -pl observer-server -am -DskipTests package)");
    }
    Files.createDirectories(workDir);
    log.printf("History store with %,d rows (loading takes minutes) ...%n", rows);
    // The observer jar's launcher, with the test jar on its loader path: Boot's nested libraries
    // (H2, PostgreSQL, Flyway, Spring JDBC) and the benchmark class, without a Maven classpath.
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
        "-Dloader.path=" + testsJar.toAbsolutePath(), "-Dloader.main=" + MAIN,
        "-cp", observerJar.toAbsolutePath().toString(), "org.springframework.boot.loader.launch.PropertiesLauncher",
        "--rows", Long.toString(rows), "--dir", workDir.toAbsolutePath().toString())
        .redirectError(workDir.resolve("history.log").toFile());
    Process p = builder.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        log.println("  " + line);
        if (line.startsWith(NAME + " ")) lines.add(line);
      }
    } finally {
      if (p.isAlive()) p.destroy();
    }
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IllegalStateException("history benchmark exited with " + exit + ": see " + workDir.resolve("history.log"));
    }
  }

  void print(PrintStream out) {
    if (lines.isEmpty()) return;
    out.println();
    lines.forEach(out::println);
  }

  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rows", rows);
    for (String line : lines) {
      Matcher m = FIGURES.matcher(line);
      if (!m.find()) {
        json.put(line.split("\\s+")[1], Map.of("status", line));
        continue;
      }
      Map<String, Object> db = new LinkedHashMap<>();
      db.put("rows", Long.parseLong(m.group(2)));
      db.put("nodes", Long.parseLong(m.group(3)));
      db.put("loadSeconds", Long.parseLong(m.group(4)));
      db.put("medianWeekQueryMillis", Long.parseLong(m.group(5)));
      db.put("medianDayPurgeMillis", Long.parseLong(m.group(6)));
      db.put("purgedRows", Long.parseLong(m.group(7)));
      json.put(m.group(1), db);
    }
    return json;
  }
}
