package io.hubscope.observer.audit;

import io.hubscope.observer.system.BadRequestException;
import io.hubscope.observer.system.Page;
import io.hubscope.observer.system.Params;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The audit log, newest first, paged and filtered; readable by every login. */
@RestController
class AuditController {

  private final AuditStore store;

  AuditController(AuditStore store) {
    this.store = store;
  }

  @GetMapping("/api/v1/audit")
  Mono<Page<AuditEntry>> audit(@RequestParam(name = "from", required = false) String fromParam,
      @RequestParam(name = "to", required = false) String toParam,
      @RequestParam(required = false) String user, @RequestParam(required = false) String action,
      @RequestParam(required = false) String status, @RequestParam(required = false) String target,
      @RequestParam(name = "page", required = false) Integer pageParam,
      @RequestParam(name = "size", required = false) Integer sizeParam) {
    Long from = Params.instant("from", fromParam);
    Long to = Params.instant("to", toParam);
    long start = from == null ? 0 : from;
    long end = to == null ? Long.MAX_VALUE : to;
    if (start >= end) {
      throw new BadRequestException("from must be before to");
    }
    String outcome = Params.oneOf("status", status, AuditLog.STATUSES.toArray(String[]::new));
    AuditQuery query = new AuditQuery(start, end, Params.text(user), Params.text(action), outcome,
        Params.text(target), Params.within("page", pageParam, 0, 0, 1_000_000),
        Params.within("size", sizeParam, 50, 1, 500));
    return Mono.fromCallable(() -> store.page(query)).subscribeOn(Schedulers.boundedElastic());
  }
}
