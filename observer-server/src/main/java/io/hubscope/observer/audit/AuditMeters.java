package io.hubscope.observer.audit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Operator actions by outcome, and audit records the database did not take. */
public final class AuditMeters implements MeterBinder {

  private final AuditLog audit;

  public AuditMeters(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String status : AuditLog.STATUSES) {
      FunctionCounter.builder("hubscope.observer.actions", audit, a -> a.attempts(status))
          .tag("result", status)
          .description("Operator actions attempted (dashboard and API), by outcome").register(registry);
    }
    FunctionCounter.builder("hubscope.observer.audit.failed", audit, AuditLog::failures)
        .description("Audit records the history database did not take (each logged at ERROR)").register(registry);
  }
}
