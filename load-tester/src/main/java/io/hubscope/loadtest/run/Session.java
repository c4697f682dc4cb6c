package io.hubscope.loadtest.run;

import reactor.core.publisher.Mono;

/** One simulated client's connection, whatever its transport. */
interface Session {

  /** Connects and starts the profile; failures are counted, never thrown. */
  void start();

  /** Stops sending our own messages; the connection stays open. */
  void stopSending();

  /** Closes the connection (or abandons the attempt); completes when it is closed. */
  Mono<Void> close();

  /** Adds this client's per-client figures to the run's stats, once, after it closed. */
  void finish();
}
