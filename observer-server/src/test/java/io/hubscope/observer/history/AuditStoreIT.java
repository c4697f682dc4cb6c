package io.hubscope.observer.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.observer.audit.AuditEntry;
import io.hubscope.observer.audit.AuditQuery;
import io.hubscope.observer.audit.AuditStore;
import io.hubscope.observer.system.Page;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The audit log table (Flyway V3) on H2 and on a real PostgreSQL: insert, bounds, filters, paging, purge. */
class AuditStoreIT {

  @TempDir static Path dir;

  static Stream<HistoryDatabase> databases() {
    return Stream.of(HistoryDatabase.h2File(dir.resolve("audit")), HistoryDatabase.postgres());
  }

  static AuditEntry entry(long at, String user, String action, String status, String detail) {
    return new AuditEntry(0, at, user, "admin", "10.0.0.9", action, "node proxy-1@h:8082", detail, status,
        "the node's answer", 3);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void storesFiltersPagesAndPurges(HistoryDatabase db) {
    DriverManagerDataSource ds = new DriverManagerDataSource(db.url(), db.username(), "");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    AuditStore store = new AuditStore(jdbc);
    String huge = "<img src=x onerror=alert(1)> \uD83D\uDE00".repeat(200);

    store.insert(entry(1_000, "ann", "node.drain", "ok", "clients moved over 30 s"));
    store.insert(entry(2_000, "bob", "connection.send", "rejected", huge));
    store.insert(entry(3_000, "ann", "node.undrain", "forbidden", null));

    Page<AuditEntry> all = store.page(new AuditQuery(0, Long.MAX_VALUE, null, null, null, null, 0, 10));
    assertThat(all.total()).isEqualTo(3);
    assertThat(all.items()).extracting(AuditEntry::action).containsExactly("node.undrain", "connection.send", "node.drain");
    AuditEntry cut = all.items().get(1);
    assertThat(cut.detail()).hasSize(1000).startsWith("<img src=x onerror=alert(1)>").endsWith("…");
    assertThat(cut.id()).isPositive();
    assertThat(cut).extracting(AuditEntry::user, AuditEntry::role, AuditEntry::ip, AuditEntry::target,
        AuditEntry::status, AuditEntry::result, AuditEntry::affected)
        .containsExactly("bob", "admin", "10.0.0.9", "node proxy-1@h:8082", "rejected", "the node's answer", 3L);

    assertThat(store.page(new AuditQuery(0, Long.MAX_VALUE, "ann", null, null, null, 0, 10)).total()).isEqualTo(2);
    assertThat(store.page(new AuditQuery(0, Long.MAX_VALUE, null, "node.drain", "ok", null, 0, 10)).total()).isEqualTo(1);
    assertThat(store.page(new AuditQuery(0, Long.MAX_VALUE, null, null, null, "PROXY-1", 0, 10)).total()).isEqualTo(3);
    assertThat(store.page(new AuditQuery(0, Long.MAX_VALUE, null, null, null, "%", 0, 10)).total())
        .as("LIKE wildcards are plain text").isZero();
    assertThat(store.page(new AuditQuery(1_500, 2_500, null, null, null, null, 0, 10)).items())
        .extracting(AuditEntry::user).containsExactly("bob");
    Page<AuditEntry> second = store.page(new AuditQuery(0, Long.MAX_VALUE, null, null, null, null, 1, 2));
    assertThat(second.items()).extracting(AuditEntry::at).containsExactly(1_000L);

    // The audit log shares the history's retention.
    new HistoryStore(jdbc).purge(2_500);
    assertThat(store.page(new AuditQuery(0, Long.MAX_VALUE, null, null, null, null, 0, 10)).items())
        .extracting(AuditEntry::at).containsExactly(3_000L);
  }
}
