package io.hubscope.loadtest.profile;

import io.hubscope.loadtest.metrics.RunStats;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;

/** The load profiles, named as dotNetify's load tester names them. */
public enum Profile {
  /** One multicast view model ticks to every client. */
  BROADCAST,
  /** A view model per client pings; the client pongs. */
  ECHO,
  /** The same over one multicast view model that pings single connections. */
  SHAREDECHO,
  /** Clients in rooms post to and read from their room. */
  CHATROOM,
  /** The baseline: the echo loop over a bare WebSocket echo server, no hub (used by bin/bench). */
  RAWECHO;

  /** Chatty posters (10%) post every 11 intervals, casual ones (20%) every 59, the rest lurk. */
  static final int CHATTY_EVERY = 11;
  static final int CASUAL_EVERY = 59;

  public String displayName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this profile reports intervals (broadcast) rather than latencies in its summary line. */
  public boolean reportsIntervals() {
    return this == BROADCAST;
  }

  /**
   * The client with index {@code index} (0-based, in connect order) of a run.
   *
   * @param runId distinguishes this run's chat senders from any other load tester's in the same rooms
   */
  public ProfileClient newClient(int index, int intervalMillis, int groups, String runId, RunStats stats,
      ScheduledExecutorService timer) {
    switch (this) {
      case BROADCAST:
        return new BroadcastClient(stats, intervalMillis);
      case ECHO:
        return new EchoClient(stats, "EchoVM", intervalMillis);
      case SHAREDECHO:
        return new EchoClient(stats, "SharedEchoVM", intervalMillis);
      case CHATROOM:
        String room = "Room" + ((index % groups) + 1);
        return new ChatRoomClient(stats, room, runId + "-" + index,
            postEvery(index / groups) * (long) intervalMillis, timer);
      default:
        throw new IllegalStateException(this + " is not a hub profile");
    }
  }

  /**
   * How many intervals between posts for the {@code rank}-th member of a room: roles rotate by
   * rank within the room, so every room gets its 10% chatty and 20% casual posters.
   */
  static int postEvery(int rank) {
    int slot = rank % 10;
    if (slot == 0) return CHATTY_EVERY;
    if (slot <= 2) return CASUAL_EVERY;
    return 0;
  }
}
