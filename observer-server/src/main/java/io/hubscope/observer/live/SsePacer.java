package io.hubscope.observer.live;

import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * Paces live streams: a snapshot immediately, then one per interval. Ticks a slow client cannot
 * take are dropped rather than queued, which is the conflation: the next tick carries the news.
 */
public final class SsePacer {

  private final Duration interval;

  public SsePacer(Duration interval) {
    this.interval = interval;
  }

  <T> Flux<ServerSentEvent<T>> every(String event, Supplier<T> snapshot) {
    return Flux.interval(Duration.ZERO, interval)
        .onBackpressureDrop()
        .map(tick -> ServerSentEvent.<T>builder(snapshot.get()).event(event).id(Long.toString(tick)).build());
  }

  /** Like {@link #every} but skips ticks where the snapshot is null (e.g. an unknown id yet). */
  <T> Flux<ServerSentEvent<T>> everyPresent(String event, Supplier<T> snapshot) {
    return Flux.interval(Duration.ZERO, interval)
        .onBackpressureDrop()
        .concatMapIterable(tick -> {
          T value = snapshot.get();
          return value == null
              ? java.util.List.<ServerSentEvent<T>>of()
              : java.util.List.of(ServerSentEvent.<T>builder(value).event(event).id(Long.toString(tick)).build());
        });
  }
}
