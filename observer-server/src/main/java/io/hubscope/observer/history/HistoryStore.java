package io.hubscope.observer.history;

import io.hubscope.observer.system.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Plain JDBC access to the history tables. Blocking: callers run it on the history writer's
 * thread or on a bounded elastic scheduler, never on the event loop.
 */
public final class HistoryStore {

  /**
   * Rows one purge statement deletes at most (plus the rows that share its last time): each
   * statement is a short transaction, so a purge of a day never holds long locks on a busy table.
   */
  static final int PURGE_BATCH = 10_000;

  private final JdbcTemplate jdbc;

  public HistoryStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void insertSessions(List<SessionRecord> sessions) {
    if (sessions.isEmpty()) {
      return;
    }
    jdbc.batchUpdate("INSERT INTO conn_session (id, node, ip, port, user_agent, transport, protocol,"
        + " opened_at, closed_at, close_reason, error, msgs_in, msgs_out, bytes_in, bytes_out,"
        + " view_models) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sessions, 500,
        (ps, s) -> {
          ps.setString(1, s.id());
          ps.setString(2, s.node());
          ps.setString(3, s.ip());
          ps.setInt(4, s.port());
          ps.setString(5, s.userAgent());
          ps.setString(6, s.transport());
          ps.setString(7, s.protocol());
          ps.setLong(8, s.openedAt());
          ps.setLong(9, s.closedAt());
          ps.setString(10, s.closeReason());
          ps.setString(11, s.error());
          ps.setLong(12, s.msgsIn());
          ps.setLong(13, s.msgsOut());
          ps.setLong(14, s.bytesIn());
          ps.setLong(15, s.bytesOut());
          ps.setString(16, s.viewModels());
        });
  }

  /**
   * Each node's sample {@code (ts, node, seconds, msgs_in, msgs_out, bytes_in, bytes_out,
   * connections)}, and their sums per time in throughput_total, which the chart reads.
   */
  public void insertThroughput(List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    jdbc.batchUpdate("INSERT INTO throughput_sample (ts, node, seconds, msgs_in, msgs_out,"
        + " bytes_in, bytes_out, connections) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
    Map<Long, long[]> totals = new TreeMap<>();
    for (Object[] r : rows) {
      long[] t = totals.computeIfAbsent(((Number) r[0]).longValue(), ts -> new long[6]);
      t[0] = Math.max(t[0], ((Number) r[2]).longValue());
      for (int i = 1; i < 6; i++) {
        t[i] += ((Number) r[i + 2]).longValue();
      }
    }
    List<Object[]> totalRows = new ArrayList<>();
    totals.forEach((ts, t) -> totalRows.add(new Object[] {ts, (int) t[0], t[1], t[2], t[3], t[4], t[5]}));
    jdbc.batchUpdate("INSERT INTO throughput_total (ts, seconds, msgs_in, msgs_out, bytes_in,"
        + " bytes_out, connections) VALUES (?, ?, ?, ?, ?, ?, ?)", totalRows);
  }

  public void insertNodeSamples(List<Object[]> rows) {
    if (!rows.isEmpty()) {
      jdbc.batchUpdate("INSERT INTO node_sample (ts, node, role, cpu_system, cpu_process, mem_used,"
          + " mem_total, heap_used, heap_max, connections, queue_depth, tap_dropped)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }
  }

  /** Throughput and connections in buckets of {@code stepSeconds} over {@code [from, to)}. */
  public HistorySeries series(long from, long to, long stepSeconds) {
    long stepMillis = stepSeconds * 1000;
    // The bucket is computed in a subquery and grouped by name: PostgreSQL does not accept a
    // GROUP BY expression made of bind parameters as the same expression as the select list's.
    // throughput_total has a row per sample time, so COUNT(*) counts the times (H2 takes several
    // times longer over COUNT(DISTINCT ts)).
    List<long[]> rows = jdbc.query("SELECT bucket, SUM(msgs_in), SUM(msgs_out), SUM(bytes_in),"
        + " SUM(bytes_out), SUM(connections), COUNT(*) FROM (SELECT (ts / ?) * ? AS bucket,"
        + " ts, msgs_in, msgs_out, bytes_in, bytes_out, connections FROM throughput_total"
        + " WHERE ts >= ? AND ts < ?) samples GROUP BY bucket ORDER BY bucket",
        (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
            rs.getLong(5), rs.getLong(6), rs.getLong(7)},
        stepMillis, stepMillis, from, to);
    int n = rows.size();
    HistorySeries s = new HistorySeries(stepSeconds, new long[n], new long[n], new long[n],
        new long[n], new long[n], new long[n]);
    for (int i = 0; i < n; i++) {
      long[] r = rows.get(i);
      s.t()[i] = r[0] / 1000;
      s.msgsIn()[i] = r[1];
      s.msgsOut()[i] = r[2];
      s.bytesIn()[i] = r[3];
      s.bytesOut()[i] = r[4];
      s.connections()[i] = r[6] == 0 ? 0 : r[5] / r[6];
    }
    return s;
  }

  /** Closed sessions in {@code [from, to)} by close time, newest first. */
  public Page<SessionRecord> sessions(long from, long to, String node, String reason, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE closed_at >= ? AND closed_at < ?");
    List<Object> args = new ArrayList<>(List.of(from, to));
    if (node != null) {
      where.append(" AND node = ?");
      args.add(node);
    }
    if (reason != null) {
      where.append(" AND close_reason = ?");
      args.add(reason);
    }
    Long total = jdbc.queryForObject("SELECT COUNT(*) FROM conn_session" + where, Long.class, args.toArray());
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(size);
    pageArgs.add((long) page * size);
    List<SessionRecord> items = jdbc.query("SELECT id, node, ip, port, user_agent, transport, protocol,"
        + " opened_at, closed_at, close_reason, error, msgs_in, msgs_out, bytes_in, bytes_out,"
        + " view_models FROM conn_session" + where + " ORDER BY closed_at DESC LIMIT ? OFFSET ?",
        (rs, i) -> new SessionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9),
            rs.getString(10), rs.getString(11), rs.getLong(12), rs.getLong(13), rs.getLong(14),
            rs.getLong(15), rs.getString(16)),
        pageArgs.toArray());
    return new Page<>(items, total == null ? 0 : total, page, size);
  }

  /**
   * Deletes rows older than {@code before}, oldest first in batches; returns how many. The audit
   * log of operator actions shares the history's retention.
   */
  public int purge(long before) {
    return purge("conn_session", "closed_at", before) + purge("throughput_sample", "ts", before)
        + purge("throughput_total", "ts", before) + purge("node_sample", "ts", before)
        + purge("audit_log", "at", before);
  }

  /**
   * One short DELETE per batch up to the time of the batch's last row, found on the time index.
   * Each search starts past the previous batch, so it never walks the index entries of rows
   * already deleted (PostgreSQL keeps them until a vacuum).
   */
  private int purge(String table, String time, long before) {
    int deleted = 0;
    long after = Long.MIN_VALUE;
    while (true) {
      List<Long> edge = jdbc.queryForList("SELECT " + time + " FROM " + table + " WHERE " + time
          + " > ? AND " + time + " < ? ORDER BY " + time + " LIMIT 1 OFFSET ?", Long.class,
          after, before, PURGE_BATCH - 1);
      if (edge.isEmpty()) {
        return deleted + jdbc.update("DELETE FROM " + table + " WHERE " + time + " > ? AND " + time
            + " < ?", after, before);
      }
      deleted += jdbc.update("DELETE FROM " + table + " WHERE " + time + " > ? AND " + time
          + " <= ?", after, edge.get(0));
      after = edge.get(0);
    }
  }
}
