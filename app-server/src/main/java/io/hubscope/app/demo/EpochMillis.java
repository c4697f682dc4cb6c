package io.hubscope.app.demo;

import java.time.Instant;

/** Timestamps the demo payloads carry: epoch milliseconds with microsecond precision. */
final class EpochMillis {

  private EpochMillis() {}

  static double now() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1000.0 + now.getNano() / 1_000_000.0;
  }
}
