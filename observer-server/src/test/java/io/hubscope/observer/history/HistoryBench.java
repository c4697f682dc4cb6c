package io.hubscope.observer.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * {@code bin/bench --only history}: the history store with millions of throughput samples, in an
 * H2 file database and in a PostgreSQL database of its own (dropped afterwards). Loads the rows in
 * the database itself ({@code SYSTEM_RANGE} / {@code generate_series}, in chunks), then times what
 * the observer runs on them: the dashboard's longest window (7 days, the step history.js picks for
 * it) and the retention purge of the oldest day. Loading includes the per-time sums the history
 * writer keeps next to the samples (throughput_total, which the chart reads). Prints one line per database; a test-scope main so
 * that the observer's jar carries none of it.
 *
 * <pre>java -cp &lt;observer test classpath&gt; io.hubscope.observer.history.HistoryBench --rows 10000000 [--dir target/bench]</pre>
 */
public final class HistoryBench {

  static final long DAY = 86_400_000L;
  /** Eight days of samples: the 7-day retention plus the day the purge removes. */
  static final long SPAN = 8 * DAY;
  /** The observer's default sample interval: each node writes one row this often. */
  static final long INTERVAL = 10_000;
  static final long CHUNK = 1_000_000;
  /** What history.js asks for a 7-day range: about 300 buckets, rounded to 10 s. */
  static final long WEEK_STEP_SECONDS = Math.max(10, Math.round(7 * DAY / 1000.0 / 300 / 10) * 10);

  private static final String POSTGRES = System.getenv().getOrDefault("HUBSCOPE_BENCH_POSTGRES_URL",
      "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final String POSTGRES_USER = System.getenv().getOrDefault("HUBSCOPE_BENCH_POSTGRES_USER", "postgres");

  private final long rows;
  private final int queryRuns;
  private final int purgeRuns;
  /** Sample times run over {@code [t0, t0 + SPAN)}; "now" is {@code t0 + SPAN}. */
  private final long t0;
  private final long nodes;

  HistoryBench(long rows, int queryRuns, int purgeRuns) {
    this.rows = rows;
    // As many nodes as it takes to write that many rows in the span (145 for 10 million).
    this.nodes = Math.max(1, (rows * INTERVAL + SPAN - 1) / SPAN);
    this.queryRuns = queryRuns;
    this.purgeRuns = purgeRuns;
    this.t0 = (System.currentTimeMillis() / DAY - 8) * DAY;
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR); // Flyway's lines are not figures
    long rows = 10_000_000;
    Path dir = Path.of("target/bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--rows N, --dir D)");
      }
    }
    HistoryBench bench = new HistoryBench(rows, 5, 3);
    bench.postgres();
    bench.h2(dir);
  }

  void h2(Path dir) throws IOException {
    Path home = Files.createDirectories(dir.toAbsolutePath()).resolve("history-h2-" + suffix());
    try {
      Files.createDirectories(home);
      String url = "jdbc:h2:file:" + home.resolve("observer") + ";AUTO_SERVER=FALSE";
      run("h2", new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", ""), "SYSTEM_RANGE(?, ?)", false);
    } finally {
      deleteTree(home);
    }
  }

  void postgres() throws SQLException {
    String database = "hubscope_bench_" + suffix();
    try (Connection admin = DriverManager.getConnection(POSTGRES, POSTGRES_USER, "")) {
      try (Statement s = admin.createStatement()) {
        s.execute("CREATE DATABASE " + database);
      }
    } catch (SQLException e) {
      System.out.printf("history postgresql  skipped: no server at %s (%s)%n", POSTGRES, e.getMessage());
      return;
    }
    try {
      String url = POSTGRES.substring(0, POSTGRES.lastIndexOf('/') + 1) + database;
      run("postgresql", new SimpleDriverDataSource(new org.postgresql.Driver(), url, POSTGRES_USER, ""),
          "generate_series(?, ?) AS g(x)", true);
    } finally {
      try (Connection admin = DriverManager.getConnection(POSTGRES, POSTGRES_USER, "");
           Statement s = admin.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database);
      }
    }
  }

  private void run(String name, DataSource ds, String range, boolean postgres) {
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    HistoryStore store = new HistoryStore(jdbc);
    long started = System.nanoTime();
    long chunk = Math.max(1, CHUNK / nodes) * nodes; // whole sample times, so each chunk's sums are complete
    for (long from = 0; from < rows; from += chunk) {
      load(jdbc, range, from, Math.min(rows, from + chunk) - 1);
    }
    // A table the observer has filled for a week has been vacuumed and analysed by then.
    if (postgres) jdbc.execute("VACUUM ANALYZE");
    double loadSeconds = (System.nanoTime() - started) / 1e9;
    progress("%s: %d rows loaded in %.0f s", name, rows, loadSeconds);

    long now = t0 + SPAN;
    long buckets = 0;
    for (int i = 0; i < 3; i++) { // warm-up (the JIT, and H2 runs in this JVM), not measured
      buckets = store.series(now - 7 * DAY, now, WEEK_STEP_SECONDS).t().length;
    }
    List<Double> query = new ArrayList<>();
    for (int i = 0; i < queryRuns; i++) {
      query.add(millis(() -> store.series(now - 7 * DAY, now, WEEK_STEP_SECONDS).t().length));
    }
    progress("%s: 7-day query %s ms", name, query);
    // Each purge removes the oldest day; the day is loaded again (not timed) for the next run.
    long dayRows = Math.min(rows, DAY / INTERVAL * nodes);
    List<Double> purge = new ArrayList<>();
    long purged = 0;
    for (int i = 0; i < purgeRuns; i++) {
      if (i > 0) load(jdbc, range, 0, dayRows - 1);
      long[] deleted = new long[1];
      purge.add(millis(() -> deleted[0] = store.purge(t0 + DAY)));
      purged = deleted[0];
      progress("%s: purge %d of %d, %d rows in %.0f ms", name, i + 1, purgeRuns, purged, purge.get(i));
      if (postgres) jdbc.execute("VACUUM ANALYZE");
    }
    System.out.printf(Locale.ROOT, "history %-10s rows %d (%d nodes, loaded in %.0f s)  7-day query %.0f ms (%d buckets of %d s)"
            + "  purge 1 day %.0f ms (%d rows, batches of %d)  medians of %d and %d%n",
        name, rows, nodes, loadSeconds, median(query), buckets, WEEK_STEP_SECONDS, median(purge), purged, HistoryStore.PURGE_BATCH, queryRuns, purgeRuns);
  }

  /** Rows {@code [first, last]}: every node's sample at each interval, the newest last. */
  private void load(JdbcTemplate jdbc, String range, long first, long last) {
    jdbc.update("INSERT INTO throughput_sample (ts, node, seconds, msgs_in, msgs_out, bytes_in, bytes_out, connections)"
        + " SELECT ? + (x / ?) * ?, CONCAT('proxy-', MOD(x, ?), '@bench:8082'), 10, MOD(x, 1000),"
        + " MOD(x, 997) * 3, MOD(x, 1000) * 120, MOD(x, 997) * 360, MOD(x, 5000) FROM " + range,
        t0, nodes, INTERVAL, nodes, first, last);
    // What the writer adds per flush: the sums over the nodes, per sample time.
    jdbc.update("INSERT INTO throughput_total (ts, seconds, msgs_in, msgs_out, bytes_in, bytes_out, connections)"
        + " SELECT ts, MAX(seconds), SUM(msgs_in), SUM(msgs_out), SUM(bytes_in), SUM(bytes_out), SUM(connections)"
        + " FROM throughput_sample WHERE ts >= ? AND ts <= ? GROUP BY ts",
        t0 + first / nodes * INTERVAL, t0 + last / nodes * INTERVAL);
  }

  /** On stderr (bin/bench's history.log): a 10-million-row run takes long enough to want a sign of life. */
  private static void progress(String format, Object... args) {
    System.err.println(java.time.LocalTime.now().withNano(0) + " " + String.format(Locale.ROOT, format, args));
  }

  private static double millis(LongSupplier work) {
    long started = System.nanoTime();
    work.getAsLong();
    return (System.nanoTime() - started) / 1e6;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
