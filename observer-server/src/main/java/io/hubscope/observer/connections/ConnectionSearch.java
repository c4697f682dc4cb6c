package io.hubscope.observer.connections;

import io.hubscope.observer.payloads.LoggedMessage;
import io.hubscope.observer.system.Page;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads over the connection table: a filtered, sorted page and one connection in detail. */
public final class ConnectionSearch {

  private final ConnectionTable table;

  public ConnectionSearch(ConnectionTable table) {
    this.table = table;
  }

  public Page<ConnectionView> search(ConnectionQuery query) {
    Collection<ConnectionState> source =
        "closed".equals(query.state()) ? table.closedConnections() : table.activeConnections();
    List<ConnectionView> matched = new ArrayList<>();
    for (ConnectionState c : source) {
      if (query.matches(c)) {
        matched.add(c.view());
      }
    }
    matched.sort(query.comparator());
    int from = (int) Math.min((long) query.page() * query.size(), matched.size());
    int to = Math.min(from + query.size(), matched.size());
    return new Page<>(new ArrayList<>(matched.subList(from, to)), matched.size(), query.page(), query.size());
  }

  /** One connection with headers and recent payloads each way, or null. */
  public ConnectionDetail detail(String id) {
    ConnectionState c = table.find(id);
    if (c == null) {
      return null;
    }
    List<LoggedMessage> in = c.recent(true);
    List<LoggedMessage> out = c.recent(false);
    return new ConnectionDetail(c.view(), c.headers(), c.error(), in, out);
  }
}
