package io.hubscope.hub.vm;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A view model's outgoing responder calls, in the order they were queued. Messages are queued
 * under the view model's lock (so the order matches the state changes) and sent after it is
 * released by whichever thread finds the outbox idle; others return at once instead of waiting.
 * This keeps per-view-model order without holding any lock while calling the responder.
 */
final class Outbox {

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final AtomicBoolean warned = new AtomicBoolean();

  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();

  void add(Runnable send) {
    queue.add(send);
  }

  /** Sends everything queued, unless another thread is already doing so (it will send ours too). */
  void drain() {
    if (wip.getAndIncrement() != 0) return;
    int missed = 1;
    do {
      Runnable send;
      while ((send = queue.poll()) != null) {
        try {
          send.run();
        } catch (RuntimeException e) {
          if (warned.compareAndSet(false, true)) log.warn("view-model response failed", e);
          else log.debug("view-model response failed", e);
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }
}
