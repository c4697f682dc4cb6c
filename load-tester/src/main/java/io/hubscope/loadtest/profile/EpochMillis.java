package io.hubscope.loadtest.profile;

import java.time.Instant;

/** Epoch milliseconds with microsecond precision, the timestamp format of the demo payloads. */
public final class EpochMillis {

  private EpochMillis() {}

  public static double now() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1000.0 + now.getNano() / 1_000_000.0;
  }
}
