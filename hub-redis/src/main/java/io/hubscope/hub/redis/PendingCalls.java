package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.ClusterUnavailableException;
import io.hubscope.hub.vm.VMException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Members' calls sent to another server's owner, until its RESULT comes or the call times out. */
final class PendingCalls {

  private record Pending(CompletableFuture<Void> done, String vmId, long deadlineNanos) {}

  private final Map<Long, Pending> calls = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final long timeoutNanos;

  PendingCalls(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  long register(CompletableFuture<Void> done, String vmId) {
    long id = ids.incrementAndGet();
    calls.put(id, new Pending(done, vmId, System.nanoTime() + timeoutNanos));
    return id;
  }

  /** The owner's answer: {@code errorType} null for success. */
  void complete(long id, String errorType, String errorMessage) {
    Pending pending = calls.remove(id);
    if (pending == null) return;
    if (errorType == null) pending.done.complete(null);
    else if (ClusterUnavailableException.EXCEPTION_TYPE.equals(errorType)) {
      pending.done.completeExceptionally(new ClusterUnavailableException(errorMessage));
    } else {
      pending.done.completeExceptionally(new VMException(errorType, errorMessage, null));
    }
  }

  void fail(long id, ClusterUnavailableException error) {
    Pending pending = calls.remove(id);
    if (pending != null) pending.done.completeExceptionally(error);
  }

  /** Fails calls past their deadline; returns how many. */
  int expire(long nowNanos) {
    int expired = 0;
    for (Iterator<Map.Entry<Long, Pending>> it = calls.entrySet().iterator(); it.hasNext(); ) {
      Pending pending = it.next().getValue();
      if (nowNanos - pending.deadlineNanos < 0) continue;
      it.remove();
      expired++;
      pending.done.completeExceptionally(new ClusterUnavailableException(
          "The server that owns '" + pending.vmId + "' did not answer in time"));
    }
    return expired;
  }

  void failAll(String message) {
    for (Long id : calls.keySet()) fail(id, new ClusterUnavailableException(message));
  }
}
