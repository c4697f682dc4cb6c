package io.hubscope.observer.actions;

import io.hubscope.observer.audit.AuditEntry;
import io.hubscope.observer.audit.AuditLog;
import io.hubscope.observer.control.CommandResult;
import io.hubscope.observer.control.NodeCommand;
import io.hubscope.observer.control.NodeControl;
import io.hubscope.observer.system.BadRequestException;
import io.hubscope.observer.system.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;

/**
 * Runs one operator action: the user's rate limit, the request's checks, the command through
 * {@link NodeControl}, and an audit record of the attempt whatever its outcome. The answer is the
 * nodes' result: 200, or a problem detail with 409 (a node refused), 503 (no node reachable), 504
 * (no answer in time).
 */
public final class Actions {

  /** What an action sends, where, and how the audit log summarizes it. */
  record Prepared(NodeCommand command, String target, String detail) {}

  /** A 200's body: the nodes' result. */
  record ActionResponse(String status, String detail, long affected) {}

  private static final Logger log = LoggerFactory.getLogger(Actions.class);
  /**
   * NodeControl times commands out itself; this only bounds a broken implementation, so no
   * request (and no audit record) waits forever.
   */
  static final Duration SAFETY_TIMEOUT = Duration.ofSeconds(60);

  private final NodeControl control;
  private final AuditLog audit;
  private final ActionThrottle throttle;
  private final ActionSettings settings;
  private final Clock clock;

  public Actions(NodeControl control, AuditLog audit, ActionSettings settings, Clock clock) {
    this.control = control;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
    this.throttle = new ActionThrottle(settings.maxPerMinute(), clock::millis);
  }

  ActionSettings settings() {
    return settings;
  }

  /**
   * {@code target}: what the path names, for the audit record of a request refused before
   * {@code prepare} could say more; {@code body}: the raw body, summarized in such a record.
   */
  Mono<ResponseEntity<ActionResponse>> perform(Actor actor, String action, String target, String body,
      Supplier<Prepared> prepare) {
    return Mono.defer(() -> {
      long wait = throttle.acquire(actor.name());
      if (wait > 0) {
        ErrorResponseException e = problem(HttpStatus.TOO_MANY_REQUESTS, "At most " + settings.maxPerMinute()
            + " actions per minute per user; retry in " + wait + " s");
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        return refuse(actor, action, target, body, "throttled", e);
      }
      Prepared prepared;
      try {
        prepared = prepare.get();
      } catch (BadRequestException e) {
        return refuse(actor, action, target, body, "invalid", e);
      } catch (NotFoundException e) {
        return refuse(actor, action, target, body, "not_found", e);
      } catch (ErrorResponseException e) {
        return refuse(actor, action, target, body, "invalid", e);
      }
      return control.execute(prepared.command())
          .timeout(SAFETY_TIMEOUT)
          .onErrorResume(e -> {
            log.error("{} of {} failed in the node control", action, prepared.target(), e);
            return Mono.just(new CommandResult(null, "The observer failed to carry the command out; the cause is in its log", 0));
          })
          .defaultIfEmpty(new CommandResult(null, "The node control gave no answer", 0))
          .flatMap(result -> audit.record(entry(actor, action, prepared.target(), prepared.detail(),
                  status(result), result.detail(), result.affected()))
              .then(answer(result)));
    });
  }

  private Mono<ResponseEntity<ActionResponse>> refuse(Actor actor, String action, String target,
      String detail, String status, RuntimeException e) {
    String why = e instanceof ErrorResponseException r ? r.getBody().getDetail() : e.getMessage();
    return audit.record(entry(actor, action, target, detail, status, why, 0))
        .then(Mono.error(e));
  }

  private AuditEntry entry(Actor actor, String action, String target, String detail, String status,
      String result, long affected) {
    return new AuditEntry(0, clock.millis(), actor.name(), actor.role().label(), actor.ip(), action,
        target, detail, status, result, affected);
  }

  private static String status(CommandResult result) {
    return result.status() == null ? "error" : switch (result.status()) {
      case OK -> "ok";
      case REJECTED -> "rejected";
      case UNREACHABLE -> "unreachable";
      case TIMEOUT -> "timeout";
    };
  }

  private static Mono<ResponseEntity<ActionResponse>> answer(CommandResult result) {
    if (result.status() == null) {
      return Mono.error(problem(HttpStatus.INTERNAL_SERVER_ERROR, result.detail()));
    }
    return switch (result.status()) {
      case OK -> Mono.just(ResponseEntity.ok(new ActionResponse("ok", result.detail(), result.affected())));
      case REJECTED -> Mono.error(problem(HttpStatus.CONFLICT, result.detail()));
      case UNREACHABLE -> Mono.error(problem(HttpStatus.SERVICE_UNAVAILABLE, result.detail()));
      case TIMEOUT -> Mono.error(problem(HttpStatus.GATEWAY_TIMEOUT, result.detail()));
    };
  }

  static ErrorResponseException problem(HttpStatus status, String detail) {
    return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
  }
}
