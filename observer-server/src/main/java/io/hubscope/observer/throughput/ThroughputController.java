package io.hubscope.observer.throughput;

import io.hubscope.observer.history.HistoryStore;
import io.hubscope.observer.rates.RateRing;
import io.hubscope.observer.system.BadRequestException;
import io.hubscope.observer.system.Params;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@RestController
class ThroughputController {

  /** At most this many buckets per history query, so a wide range needs a coarser step. */
  static final long MAX_BUCKETS = 10_000;

  private final ThroughputService live;
  private final HistoryStore history;

  ThroughputController(ThroughputService live, HistoryStore history) {
    this.live = live;
    this.history = history;
  }

  /**
   * {@code window=live} (default): the last 15 minutes at 1 s from memory, optionally for one
   * {@code node}; {@code from, to, step}: buckets of {@code step} seconds from the history.
   */
  @GetMapping("/api/v1/throughput")
  Mono<Object> throughput(@RequestParam(required = false) String window,
      @RequestParam(required = false) Integer seconds, @RequestParam(required = false) String node,
      @RequestParam(name = "from", required = false) String fromParam,
      @RequestParam(name = "to", required = false) String toParam,
      @RequestParam(name = "step", required = false) Integer stepParam) {
    Long from = Params.instant("from", fromParam);
    Long to = Params.instant("to", toParam);
    Params.oneOf("window", window, "live");
    if (from == null && to == null) {
      int n = Params.within("seconds", seconds, RateRing.SECONDS, 1, RateRing.SECONDS);
      return Mono.just(live.window(n, Params.text(node)));
    }
    if (Params.text(window) != null) {
      throw new BadRequestException("window=live cannot be combined with from/to");
    }
    if (from == null || to == null || from >= to) {
      throw new BadRequestException("history needs from < to (epoch millis or ISO-8601)");
    }
    int step = Params.within("step", stepParam, 60, 1, 86_400);
    if ((to - from) / 1000 / step > MAX_BUCKETS) {
      throw new BadRequestException("too many buckets: use a larger step (at most " + MAX_BUCKETS + ")");
    }
    return Mono.fromCallable(() -> (Object) history.series(from, to, step))
        .subscribeOn(Schedulers.boundedElastic());
  }
}
