package io.hubscope.observer.history;

import io.hubscope.observer.system.BadRequestException;
import io.hubscope.observer.system.Page;
import io.hubscope.observer.system.Params;
import java.time.Clock;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@RestController
class HistoryController {

  private final HistoryStore store;
  private final Clock clock;

  HistoryController(HistoryStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Closed sessions by close time (default: the last 24 hours), newest first, paged. */
  @GetMapping("/api/v1/history/sessions")
  Mono<Page<SessionRecord>> sessions(@RequestParam Map<String, String> params) {
    Long to = Params.instant(params, "to");
    long end = to == null ? clock.millis() + 1 : to;
    Long from = Params.instant(params, "from");
    long start = from == null ? end - 86_400_000L : from;
    if (start >= end) {
      throw new BadRequestException("from must be before to");
    }
    String node = Params.text(params, "node");
    String reason = Params.text(params, "reason");
    int page = Params.integer(params, "page", 0, 0, 1_000_000);
    int size = Params.integer(params, "size", 50, 1, 500);
    return Mono.fromCallable(() -> store.sessions(start, end, node, reason, page, size))
        .subscribeOn(Schedulers.boundedElastic());
  }
}
