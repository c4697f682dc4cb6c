package io.hubscope.observer.groups;

import io.hubscope.observer.system.BadRequestException;
import io.hubscope.observer.system.Params;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

/** A filter ({@code q}: substring of the id), sort ({@code sort=field,dir}) and page of groups or view models. */
record GroupQuery(String q, String sortField, boolean descending, int page, int size) {

  private static final Map<String, Comparator<GroupRow>> SORTS = Map.of(
      "id", Comparator.comparing(GroupRow::id),
      "members", Comparator.comparingInt(GroupRow::members),
      "inPerSecond", Comparator.comparingDouble(GroupRow::inPerSecond),
      "outPerSecond", Comparator.comparingDouble(GroupRow::outPerSecond),
      "msgsIn", Comparator.comparingLong(GroupRow::msgsIn),
      "msgsOut", Comparator.comparingLong(GroupRow::msgsOut),
      "lastActivity", Comparator.comparingLong(GroupRow::lastActivity));

  static GroupQuery from(String q, String sort, Integer page, Integer size) {
    String field = "members";
    boolean descending = true;
    String s = Params.text(sort);
    if (s != null) {
      String[] parts = s.split(",", 2);
      field = parts[0].trim();
      if (!SORTS.containsKey(field)) {
        throw new BadRequestException("sort", "sort field must be one of " + String.join(", ",
            new java.util.TreeSet<>(SORTS.keySet())) + ": " + field);
      }
      String dir = parts.length > 1 ? parts[1].trim() : "desc";
      if (!dir.equals("asc") && !dir.equals("desc")) {
        throw new BadRequestException("sort", "sort direction must be asc or desc: " + dir);
      }
      descending = dir.equals("desc");
    }
    String needle = Params.text(q);
    return new GroupQuery(needle == null ? null : needle.toLowerCase(Locale.ROOT), field, descending,
        Params.within("page", page, 0, 0, 1_000_000), Params.within("size", size, 50, 1, 500));
  }

  boolean matches(String id) {
    return q == null || id.toLowerCase(Locale.ROOT).contains(q);
  }

  Comparator<GroupRow> comparator() {
    Comparator<GroupRow> c = SORTS.get(sortField);
    return (descending ? c.reversed() : c).thenComparing(GroupRow::id);
  }
}
