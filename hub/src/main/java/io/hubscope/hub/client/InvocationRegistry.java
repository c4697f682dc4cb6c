package io.hubscope.hub.client;

import io.hubscope.hub.protocol.CompletionMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import reactor.core.publisher.MonoSink;
import tools.jackson.databind.JsonNode;

/** Invocations waiting for their completion, by invocation id. Thread-safe. */
final class InvocationRegistry {

  /** One invocation: its Mono's sink, or (without a Mono) who hears only of its failure. */
  private record Pending(String target, MonoSink<JsonNode> sink, Consumer<Throwable> onFailure, long registeredNanos) {

    void fail(Throwable error) {
      if (sink != null) sink.error(error); else onFailure.accept(error);
    }
  }

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();

  /** Registers a new invocation and returns its id; cancelling the sink forgets it. */
  String register(String target, MonoSink<JsonNode> sink) {
    String id = Long.toString(nextId.incrementAndGet());
    pending.put(id, new Pending(target, sink, null, System.nanoTime()));
    sink.onCancel(() -> pending.remove(id));
    return id;
  }

  /** Registers an invocation whose result nobody wants: {@code onFailure} hears of an error only. */
  String register(String target, Consumer<Throwable> onFailure) {
    String id = Long.toString(nextId.incrementAndGet());
    pending.put(id, new Pending(target, null, onFailure, System.nanoTime()));
    return id;
  }

  /** Completes the invocation the message answers; a completion for an unknown id is ignored. */
  void complete(CompletionMessage completion) {
    Pending p = pending.remove(completion.invocationId());
    if (p == null) return;
    if (completion.error() != null) {
      p.fail(new HubInvocationException(p.target(), completion.error()));
    } else if (p.sink() == null) {
      return; // the result, if any, is nobody's
    } else if (completion.hasResult()) {
      p.sink().success(completion.result());
    } else {
      p.sink().success();
    }
  }

  /** Fails one invocation, if still waiting (e.g. its message could not be written). */
  void fail(String id, Throwable error) {
    Pending p = pending.remove(id);
    if (p != null) p.fail(error);
  }

  /** Fails the invocations registered {@code timeoutNanos} or longer before {@code nowNanos}. */
  void expire(long nowNanos, long timeoutNanos) {
    pending.forEach((id, p) -> {
      if (nowNanos - p.registeredNanos() >= timeoutNanos && pending.remove(id, p)) {
        p.fail(new TimeoutException("'" + p.target() + "' was not answered within "
            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
      }
    });
  }

  void failAll(Throwable error) {
    for (String id : pending.keySet()) {
      fail(id, error);
    }
  }

  int size() {
    return pending.size();
  }
}
