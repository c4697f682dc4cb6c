package io.hubscope.observer.audit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Records operator actions in the history database, off the event loop (Reactor's bounded elastic
 * scheduler). The caller waits for the row before it answers, so an action the API confirmed is in
 * the log; a failed write is logged at ERROR with the whole entry and counted, and the answer
 * still goes out (the action already happened).
 */
public final class AuditLog {

  /** Every outcome an entry can have; the meters are registered for each one up front. */
  public static final List<String> STATUSES = List.of("ok", "rejected", "unreachable", "timeout",
      "invalid", "not_found", "forbidden", "throttled", "error");

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  private final AuditStore store;
  private final Map<String, LongAdder> byStatus = STATUSES.stream()
      .collect(Collectors.toUnmodifiableMap(Function.identity(), s -> new LongAdder()));
  private final LongAdder failures = new LongAdder();

  public AuditLog(AuditStore store) {
    this.store = store;
  }

  /** Completes when the entry is written (or its failure logged); never errors. */
  public Mono<Void> record(AuditEntry entry) {
    LongAdder counter = byStatus.get(entry.status());
    if (counter == null) {
      throw new IllegalArgumentException("unknown audit status: " + entry.status());
    }
    counter.increment();
    return Mono.fromRunnable(() -> store.insert(entry))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorResume(e -> {
          failures.increment();
          log.error("Audit record not written: {}", entry, e);
          return Mono.empty();
        })
        .then();
  }

  long attempts(String status) {
    return byStatus.get(status).sum();
  }

  long failures() {
    return failures.sum();
  }
}
