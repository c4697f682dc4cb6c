package io.hubscope.observer.history;

import io.hubscope.observer.system.BadRequestException;
import io.hubscope.observer.system.Page;
import io.hubscope.observer.system.Params;
import java.time.Clock;
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
  Mono<Page<SessionRecord>> sessions(@RequestParam(name = "from", required = false) String fromParam,
      @RequestParam(name = "to", required = false) String toParam,
      @RequestParam(required = false) String node, @RequestParam(required = false) String reason,
      @RequestParam(name = "page", required = false) Integer pageParam,
      @RequestParam(name = "size", required = false) Integer sizeParam) {
    Long to = Params.instant("to", toParam);
    long end = to == null ? clock.millis() + 1 : to;
    Long from = Params.instant("from", fromParam);
    long start = from == null ? end - 86_400_000L : from;
    if (start >= end) {
      throw new BadRequestException("from must be before to");
    }
    int page = Params.within("page", pageParam, 0, 0, 1_000_000);
    int size = Params.within("size", sizeParam, 50, 1, 500);
    String nodeName = Params.text(node);
    String closeReason = Params.text(reason);
    return Mono.fromCallable(() -> store.sessions(start, end, nodeName, closeReason, page, size))
        .subscribeOn(Schedulers.boundedElastic());
  }
}
