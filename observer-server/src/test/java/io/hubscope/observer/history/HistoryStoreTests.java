package io.hubscope.observer.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class HistoryStoreTests {

  JdbcTemplate jdbc;
  HistoryStore store;

  @BeforeEach
  void migrate() {
    SimpleDriverDataSource ds = new SimpleDriverDataSource(new org.h2.Driver(),
        "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    jdbc = new JdbcTemplate(ds);
    store = new HistoryStore(jdbc);
  }

  @Test
  void series_sumsNodesAndAveragesConnectionsPerSampleTime() {
    store.insertThroughput(List.of(
        new Object[] {10_000L, "a", 10, 1L, 2L, 10L, 20L, 3},
        new Object[] {10_000L, "b", 10, 4L, 5L, 40L, 50L, 5},
        new Object[] {20_000L, "a", 10, 1L, 1L, 1L, 1L, 4}));

    HistorySeries s = store.series(0, 60_000, 60);

    assertThat(s.t()).containsExactly(0L);
    assertThat(s.msgsIn()).containsExactly(6L);
    assertThat(s.msgsOut()).containsExactly(8L);
    assertThat(s.bytesIn()).containsExactly(51L);
    assertThat(s.bytesOut()).containsExactly(71L);
    // (3 + 5) at 10 s and 4 at 20 s: 6 connections on average, not the 12 of all rows.
    assertThat(s.connections()).containsExactly(6L);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM throughput_sample", Long.class)).isEqualTo(3);
  }

  @Test
  void purge_deletesEveryOlderRowInBatchesAndKeepsTheRest() {
    List<Object[]> rows = new ArrayList<>();
    int older = HistoryStore.PURGE_BATCH * 2 + 123;
    for (int i = 0; i < older + 50; i++) {
      rows.add(new Object[] {i * 1000L, "n" + (i % 3), 1, 1L, 1L, 1L, 1L, 1});
    }
    store.insertThroughput(rows);

    int deleted = store.purge(older * 1000L);

    // Every sample and every per-time sum before the cut, nothing after it.
    assertThat(deleted).isEqualTo(2 * older);
    assertThat(jdbc.queryForObject("SELECT MIN(ts) FROM throughput_sample", Long.class)).isEqualTo(older * 1000L);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM throughput_sample", Long.class)).isEqualTo(50);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM throughput_total", Long.class)).isEqualTo(50);
    assertThat(store.purge(older * 1000L)).isZero();
  }

  @Test
  void migration_backfillsTotalsFromSamplesWrittenBefore() {
    SimpleDriverDataSource ds = new SimpleDriverDataSource(new org.h2.Driver(),
        "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("1").load().migrate();
    JdbcTemplate v1 = new JdbcTemplate(ds);
    v1.update("INSERT INTO throughput_sample VALUES (5000, 'a', 10, 1, 2, 3, 4, 7), (5000, 'b', 10, 1, 2, 3, 4, 1)");

    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

    HistorySeries s = new HistoryStore(v1).series(0, 10_000, 10);
    assertThat(s.msgsIn()).containsExactly(2L);
    assertThat(s.connections()).containsExactly(8L);
  }
}
