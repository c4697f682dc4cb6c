package io.hubscope.observer.groups;

import io.hubscope.observer.connections.ConnectionState;
import io.hubscope.observer.connections.ConnectionTable;
import io.hubscope.observer.connections.ConnectionView;
import io.hubscope.observer.system.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Groups and view models across all nodes: members from the open connections the observer tracks,
 * activity from {@link GroupActivity}. One pass over the open connections per snapshot (as the
 * connections page makes), paged server-side, so a browser never holds more than a page.
 */
public final class GroupViews {

  private final ConnectionTable connections;
  private final GroupActivity activity;

  public GroupViews(ConnectionTable connections, GroupActivity activity) {
    this.connections = connections;
    this.activity = activity;
  }

  /** Checks the parameters now (a bad one is a 400 before any stream starts); each get is a fresh page. */
  public Supplier<Page<GroupRow>> groups(String q, String sort, Integer page, Integer size) {
    GroupQuery query = GroupQuery.from(q, sort, page, size);
    return () -> list(GroupKind.GROUP, query);
  }

  public Supplier<Page<GroupRow>> viewModels(String q, String sort, Integer page, Integer size) {
    GroupQuery query = GroupQuery.from(q, sort, page, size);
    return () -> list(GroupKind.VIEW_MODEL, query);
  }

  Page<GroupRow> list(GroupKind kind, GroupQuery query) {
    Map<String, int[]> members = new HashMap<>();
    for (ConnectionState c : connections.activeConnections()) {
      if (kind == GroupKind.GROUP) {
        String group = c.group();
        if (group != null && query.matches(group)) members.computeIfAbsent(group, k -> new int[1])[0]++;
      } else {
        for (String vm : c.viewModels()) {
          if (query.matches(vm)) members.computeIfAbsent(vm, k -> new int[1])[0]++;
        }
      }
    }
    Map<String, Activity> table = activity.table(kind);
    for (String id : table.keySet()) {
      if (query.matches(id)) members.putIfAbsent(id, new int[1]);
    }
    long now = activity.now();
    List<GroupRow> rows = new ArrayList<>(members.size());
    members.forEach((id, count) -> {
      Activity a = table.get(id);
      double[] rates = a == null ? new double[2] : a.rates(now);
      rows.add(new GroupRow(id, count[0], rates[0], rates[1], a == null ? 0 : a.totalIn(),
          a == null ? 0 : a.totalOut(), a == null ? 0 : a.lastActivity()));
    });
    rows.sort(query.comparator());
    return page(rows, query.page(), query.size());
  }

  /** The open connections in group (or holding view model) {@code id}, by id. */
  Page<ConnectionView> members(GroupKind kind, String id, int page, int size) {
    List<ConnectionView> matched = new ArrayList<>();
    for (ConnectionState c : connections.activeConnections()) {
      boolean member = kind == GroupKind.GROUP ? id.equals(c.group()) : c.viewModels().contains(id);
      if (member) matched.add(c.view());
    }
    matched.sort(Comparator.comparing(ConnectionView::id));
    return page(matched, page, size);
  }

  private static <T> Page<T> page(List<T> all, int page, int size) {
    int from = (int) Math.min((long) page * size, all.size());
    int to = Math.min(from + size, all.size());
    return new Page<>(new ArrayList<>(all.subList(from, to)), all.size(), page, size);
  }
}
