package io.hubscope.observer.connections;

import io.hubscope.observer.system.BadRequestException;
import io.hubscope.observer.system.Params;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

/**
 * A filter, sort and page over connections, parsed from query parameters
 * ({@code state, node, ip, ua, transport, vm, q, sort=field,dir, page, size}).
 */
public record ConnectionQuery(
    String state, String node, String ip, String ua, String transport, String vm, String q,
    String sortField, boolean descending, int page, int size) {

  static final int MAX_SIZE = 500;

  private static final Map<String, Comparator<ConnectionView>> SORTS = Map.ofEntries(
      Map.entry("id", Comparator.comparing(ConnectionView::id)),
      Map.entry("node", Comparator.comparing(ConnectionView::node)),
      Map.entry("ip", Comparator.comparing(v -> nz(v.ip()))),
      Map.entry("userAgent", Comparator.comparing(v -> nz(v.userAgent()))),
      Map.entry("openedAt", Comparator.comparingLong(ConnectionView::openedAt)),
      Map.entry("closedAt", Comparator.comparingLong(v -> v.closedAt() == null ? 0 : v.closedAt())),
      Map.entry("lastActivity", Comparator.comparingLong(ConnectionView::lastActivity)),
      Map.entry("msgsIn", Comparator.comparingLong(ConnectionView::msgsIn)),
      Map.entry("msgsOut", Comparator.comparingLong(ConnectionView::msgsOut)),
      Map.entry("bytesIn", Comparator.comparingLong(ConnectionView::bytesIn)),
      Map.entry("bytesOut", Comparator.comparingLong(ConnectionView::bytesOut)));

  public static ConnectionQuery from(Map<String, String> params) {
    String state = Params.oneOf(params, "state", "active", "closed");
    String sort = Params.text(params, "sort");
    String field = "openedAt";
    boolean descending = true;
    if (sort != null) {
      String[] parts = sort.split(",", 2);
      field = parts[0].trim();
      if (!SORTS.containsKey(field)) {
        throw new BadRequestException("sort", "sort field must be one of " + String.join(", ",
            new java.util.TreeSet<>(SORTS.keySet())) + ": " + field);
      }
      String dir = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
      if (!dir.equals("asc") && !dir.equals("desc")) {
        throw new BadRequestException("sort", "sort direction must be asc or desc: " + dir);
      }
      descending = dir.equals("desc");
    }
    return new ConnectionQuery(state == null ? "active" : state, Params.text(params, "node"),
        Params.text(params, "ip"), lower(Params.text(params, "ua")),
        Params.oneOf(params, "transport", "WebSockets", "ServerSentEvents", "LongPolling"), Params.text(params, "vm"),
        lower(Params.text(params, "q")), field, descending,
        Params.integer(params, "page", 0, 0, 1_000_000),
        Params.integer(params, "size", 50, 1, MAX_SIZE));
  }

  Comparator<ConnectionView> comparator() {
    Comparator<ConnectionView> c = SORTS.get(sortField).thenComparing(ConnectionView::id);
    return descending ? c.reversed() : c;
  }

  /** Cheap checks first, on the live state, before a view is copied. */
  boolean matches(ConnectionState c) {
    if (node != null && !node.equals(c.node())) {
      return false;
    }
    if (ip != null && (c.ip() == null || !c.ip().startsWith(ip))) {
      return false;
    }
    if (ua != null && (c.userAgent() == null || !c.userAgent().toLowerCase(Locale.ROOT).contains(ua))) {
      return false;
    }
    if (transport != null && !transport.equals(c.transport())) {
      return false;
    }
    if (vm != null && c.viewModels().stream().noneMatch(v -> v.equals(vm) || v.startsWith(vm + "$"))) {
      return false;
    }
    if (q != null) {
      return contains(c.id(), q) || contains(c.ip(), q) || contains(c.userAgent(), q)
          || contains(c.node(), q) || c.viewModels().stream().anyMatch(v -> contains(v, q));
    }
    return true;
  }

  private static boolean contains(String value, String lowerNeedle) {
    return value != null && value.toLowerCase(Locale.ROOT).contains(lowerNeedle);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
