package io.hubscope.observer.groups;

import io.hubscope.observer.payloads.LoggedMessage;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Message activity per group and per view-model id, from the messages the taps mirror: a message
 * counts for its view model ({@code vm}) and its group, a fan-out once per recipient. Each table
 * holds at most {@code maxTracked} ids; messages of further ids are counted as untracked, and ids
 * idle longer than {@code idleMillis} are swept out, so memory stays flat whatever ids clients use.
 */
public final class GroupActivity implements Consumer<LoggedMessage> {

  private final Map<String, Activity> groups = new ConcurrentHashMap<>();
  private final Map<String, Activity> viewModels = new ConcurrentHashMap<>();
  private final int maxTracked;
  private final long idleMillis;
  private final Clock clock;
  private final LongAdder untracked = new LongAdder();

  public GroupActivity(int maxTracked, long idleMillis, Clock clock) {
    if (maxTracked < 1) throw new IllegalArgumentException("maxTracked < 1: " + maxTracked);
    this.maxTracked = maxTracked;
    this.idleMillis = idleMillis;
    this.clock = clock;
  }

  /** Called by ingest for every mirrored message; a map lookup and a few array writes. */
  @Override
  public void accept(LoggedMessage m) {
    if (m.group() == null && m.vm() == null) return;
    long now = clock.millis();
    boolean in = "in".equals(m.dir());
    if (m.group() != null) count(groups, m.group(), now, in, m.recipients());
    if (m.vm() != null) count(viewModels, m.vm(), now, in, m.recipients());
  }

  private void count(Map<String, Activity> table, String id, long now, boolean in, long messages) {
    Activity a = table.get(id);
    if (a == null) {
      // The size check races with other nodes' ingest by a few entries at most.
      if (table.size() >= maxTracked) {
        untracked.add(messages);
        return;
      }
      a = table.computeIfAbsent(id, k -> new Activity());
    }
    a.count(now, in, messages);
  }

  /** Forgets ids without a message for the idle time; returns how many. */
  public int sweep() {
    long cutoff = clock.millis() - idleMillis;
    int before = groups.size() + viewModels.size();
    groups.values().removeIf(a -> a.lastActivity() < cutoff);
    viewModels.values().removeIf(a -> a.lastActivity() < cutoff);
    return before - groups.size() - viewModels.size();
  }

  Map<String, Activity> table(GroupKind kind) {
    return kind == GroupKind.GROUP ? groups : viewModels;
  }

  /** Messages of ids beyond the tables' bound. */
  public long untracked() {
    return untracked.sum();
  }

  long now() {
    return clock.millis();
  }
}
