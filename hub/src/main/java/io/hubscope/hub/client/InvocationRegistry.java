package io.hubscope.hub.client;

import io.hubscope.hub.protocol.CompletionMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import reactor.core.publisher.MonoSink;
import tools.jackson.databind.JsonNode;

/**
 * Invocations waiting for their completion, by invocation id. Thread-safe. One invocation at a time
 * waits in a slot of its own, the rest in a map: a caller with one call in flight (a client that
 * answers each push it gets) never touches the map, whose nodes and table would be cold memory on
 * every call once thousands of connections share the caches.
 */
final class InvocationRegistry {

  /** One invocation: its Mono's sink, or (without a Mono) who hears only of its failure. */
  private record Pending(String id, String target, MonoSink<JsonNode> sink, Consumer<Throwable> onFailure,
      long registeredNanos) {

    void fail(Throwable error) {
      if (sink != null) sink.error(error); else onFailure.accept(error);
    }
  }

  private static final VarHandle SLOT;

  static {
    try {
      SLOT = MethodHandles.lookup().findVarHandle(InvocationRegistry.class, "slot", Pending.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** An invocation registered while the slot was free; it stays here until taken. */
  @SuppressWarnings("unused") // through SLOT
  private volatile Pending slot;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();

  /** Registers a new invocation and returns its id; cancelling the sink forgets it. */
  String register(String target, MonoSink<JsonNode> sink) {
    String id = add(target, sink, null);
    sink.onCancel(() -> take(id));
    return id;
  }

  /** Registers an invocation whose result nobody wants: {@code onFailure} hears of an error only. */
  String register(String target, Consumer<Throwable> onFailure) {
    return add(target, null, onFailure);
  }

  /** Completes the invocation the message answers; a completion for an unknown id is ignored. */
  void complete(CompletionMessage completion) {
    Pending p = take(completion.invocationId());
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
    Pending p = take(id);
    if (p != null) p.fail(error);
  }

  /** Fails the invocations registered {@code timeoutNanos} or longer before {@code nowNanos}. */
  void expire(long nowNanos, long timeoutNanos) {
    Pending inSlot = slot;
    if (inSlot != null && expired(inSlot, nowNanos, timeoutNanos) && SLOT.compareAndSet(this, inSlot, null)) {
      timedOut(inSlot, timeoutNanos);
    }
    pending.forEach((id, p) -> {
      if (expired(p, nowNanos, timeoutNanos) && pending.remove(id, p)) timedOut(p, timeoutNanos);
    });
  }

  void failAll(Throwable error) {
    Pending inSlot = (Pending) SLOT.getAndSet(this, (Pending) null);
    if (inSlot != null) inSlot.fail(error);
    for (String id : pending.keySet()) {
      fail(id, error);
    }
  }

  int size() {
    return (slot == null ? 0 : 1) + pending.size();
  }

  private String add(String target, MonoSink<JsonNode> sink, Consumer<Throwable> onFailure) {
    Pending p = new Pending(Long.toString(nextId.incrementAndGet()), target, sink, onFailure, System.nanoTime());
    if (!SLOT.compareAndSet(this, null, p)) pending.put(p.id(), p);
    return p.id();
  }

  /** Removes the invocation by id and returns it; null when it is not waiting (any more). */
  private Pending take(String id) {
    Pending inSlot = slot;
    if (inSlot != null && inSlot.id().equals(id) && SLOT.compareAndSet(this, inSlot, null)) return inSlot;
    return pending.remove(id);
  }

  private static boolean expired(Pending p, long nowNanos, long timeoutNanos) {
    return nowNanos - p.registeredNanos() >= timeoutNanos;
  }

  private static void timedOut(Pending p, long timeoutNanos) {
    p.fail(new TimeoutException("'" + p.target() + "' was not answered within "
        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
  }
}
