package io.hubscope.hub.pipeline;

import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** Runs a call through the ordered middlewares and then the terminal handler (the view models). */
public final class Pipeline {

  private final Middleware[] middlewares;
  private final List<ExceptionMiddleware> exceptionMiddlewares;

  public Pipeline(List<Middleware> middlewares, List<ExceptionMiddleware> exceptionMiddlewares) {
    this.middlewares = middlewares.toArray(Middleware[]::new);
    this.exceptionMiddlewares = List.copyOf(exceptionMiddlewares);
  }

  /** Whether it has neither middlewares nor exception middlewares: a call may go straight to the terminal. */
  public boolean isEmpty() {
    return middlewares.length == 0 && exceptionMiddlewares.isEmpty();
  }

  /** Runs {@code ctx} through the middlewares; {@code terminal} runs only if none stopped it. */
  public Mono<Void> run(HubContext ctx, Function<HubContext, Mono<Void>> terminal) {
    Mono<Void> result;
    try {
      result = step(0, ctx, terminal);
    } catch (RuntimeException e) {
      result = Mono.error(e);
    }
    if (exceptionMiddlewares.isEmpty()) return result;
    return result.onErrorResume(e -> {
      Throwable reported = e;
      for (ExceptionMiddleware m : exceptionMiddlewares) {
        reported = m.onException(ctx, reported);
        if (reported == null) return Mono.empty();
      }
      return Mono.error(reported);
    });
  }

  private Mono<Void> step(int index, HubContext ctx, Function<HubContext, Mono<Void>> terminal) {
    if (index == middlewares.length) return terminal.apply(ctx);
    return middlewares[index].invoke(ctx, next -> step(index + 1, next, terminal));
  }
}
