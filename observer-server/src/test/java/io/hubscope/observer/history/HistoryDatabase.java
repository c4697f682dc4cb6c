package io.hubscope.observer.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A history database for a test: an H2 file, or a schema of its own on the real PostgreSQL server
 * ({@code HUBSCOPE_TEST_POSTGRES_URL}, default the local server's {@code test} database; bin/test
 * starts one where none answers), dropped when the test closes it.
 */
record HistoryDatabase(String name, String url, String username, String schema) implements AutoCloseable {

  private static final String POSTGRES = System.getenv().getOrDefault("HUBSCOPE_TEST_POSTGRES_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String POSTGRES_USER = System.getenv().getOrDefault("HUBSCOPE_TEST_POSTGRES_USER", "postgres");

  static HistoryDatabase h2File(Path file) {
    return new HistoryDatabase("h2", "jdbc:h2:file:" + file + ";AUTO_SERVER=FALSE", "sa", null);
  }

  /** A fresh schema, so runs side by side and leftovers of a killed run never meet. */
  static HistoryDatabase postgres() {
    String schema = "hubscope_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    HistoryDatabase db = new HistoryDatabase("postgresql", POSTGRES + "?currentSchema=" + schema, POSTGRES_USER, schema);
    db.execute("CREATE SCHEMA " + schema);
    return db;
  }

  @Override
  public void close() {
    if (schema != null) execute("DROP SCHEMA " + schema + " CASCADE");
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(POSTGRES, username, "");
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + POSTGRES + " (user " + username + "): " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
