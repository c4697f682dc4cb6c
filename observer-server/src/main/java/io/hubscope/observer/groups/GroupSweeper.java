package io.hubscope.observer.groups;

import io.hubscope.observer.system.PeriodicTask;
import java.time.Duration;

/** Forgets groups and view models without a message for {@link #IDLE}, once a minute. */
public final class GroupSweeper extends PeriodicTask {

  public static final Duration IDLE = Duration.ofMinutes(10);
  static final Duration PERIOD = Duration.ofMinutes(1);

  public GroupSweeper(GroupActivity activity) {
    super(PERIOD, activity::sweep);
  }
}
