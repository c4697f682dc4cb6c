package io.hubscope.observer.audit;

import io.hubscope.observer.system.Page;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The {@code audit_log} table of the history database (Flyway V3). Blocking: called on Reactor's
 * bounded elastic scheduler, never on an event loop. The history writer's purge deletes rows past
 * the history retention.
 */
public final class AuditStore {

  private static final RowMapper<AuditEntry> ROW = (rs, i) -> new AuditEntry(rs.getLong(1),
      rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
      rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11));

  private final JdbcTemplate jdbc;

  public AuditStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(AuditEntry entry) {
    AuditEntry e = entry.bounded();
    jdbc.update("INSERT INTO audit_log (at, user_name, user_role, ip, action, target, detail, status,"
        + " result, affected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.at(), e.user(), e.role(),
        e.ip(), e.action(), e.target(), e.detail(), e.status(), e.result(), e.affected());
  }

  /** Entries matching the filter (each null for any), newest first. */
  public Page<AuditEntry> page(AuditQuery q) {
    StringBuilder where = new StringBuilder(" WHERE at >= ? AND at < ?");
    List<Object> args = new ArrayList<>(List.of(q.from(), q.to()));
    if (q.user() != null) {
      where.append(" AND user_name = ?");
      args.add(q.user());
    }
    if (q.action() != null) {
      where.append(" AND action = ?");
      args.add(q.action());
    }
    if (q.status() != null) {
      where.append(" AND status = ?");
      args.add(q.status());
    }
    if (q.target() != null) {
      // A plain substring: LIKE's own wildcards in the text are escaped.
      where.append(" AND LOWER(target) LIKE ? ESCAPE '!'");
      args.add("%" + q.target().toLowerCase(java.util.Locale.ROOT)
          .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
    }
    Long total = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log" + where, Long.class, args.toArray());
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(q.size());
    pageArgs.add((long) q.page() * q.size());
    List<AuditEntry> items = jdbc.query("SELECT id, at, user_name, user_role, ip, action, target, detail,"
        + " status, result, affected FROM audit_log" + where + " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
        ROW, pageArgs.toArray());
    return new Page<>(items, total == null ? 0 : total, q.page(), q.size());
  }
}
