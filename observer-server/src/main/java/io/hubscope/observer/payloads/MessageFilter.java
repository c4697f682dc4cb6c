package io.hubscope.observer.payloads;

import io.hubscope.observer.system.Params;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** The message tail's filter: text in the payload, view model, direction, node, connection. */
public record MessageFilter(String q, String vm, String dir, String node, String conn)
    implements Predicate<LoggedMessage> {

  public static MessageFilter from(Map<String, String> params) {
    String q = Params.text(params, "q");
    return new MessageFilter(q == null ? null : q.toLowerCase(Locale.ROOT), Params.text(params, "vm"),
        Params.oneOf(params, "dir", "in", "out"), Params.text(params, "node"), Params.text(params, "conn"));
  }

  @Override
  public boolean test(LoggedMessage m) {
    if (dir != null && !dir.equals(m.dir())) {
      return false;
    }
    if (node != null && !node.equals(m.node())) {
      return false;
    }
    if (conn != null && !conn.equals(m.conn())) {
      return false;
    }
    if (vm != null && (m.vm() == null || !m.vm().startsWith(vm))) {
      return false;
    }
    if (q != null) {
      return contains(m.payload()) || contains(m.call()) || contains(m.vm());
    }
    return true;
  }

  private boolean contains(String text) {
    return text != null && text.toLowerCase(Locale.ROOT).contains(q);
  }
}
