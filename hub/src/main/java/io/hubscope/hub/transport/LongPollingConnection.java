package io.hubscope.hub.transport;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.ConnectionInfo;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A Long Polling client (TransportProtocols.md). Frames wait in a queue bounded by
 * {@code maxBufferedBytes} until a poll ({@code GET {path}?id=token}) takes all of them at once;
 * a poll that finds none waits for the next frame or the poll timeout ({@code 200} with no
 * content). A newer poll answers a waiting older one {@code 204}, as does every poll once the
 * connection has ended; {@code DELETE} ends it. A client that does not poll for the client timeout
 * is gone. Past the bound the queued frames are dropped and the client gets only a Close message
 * with the reason (RATIONALE.md).
 */
final class LongPollingConnection extends HttpConnection {

  /** How a poll is answered: frames (200), nothing yet (200, empty), or no more (204). */
  private record Answer(List<byte[]> frames, HttpStatus status, boolean last) {
    static final Answer TIMED_OUT = new Answer(List.of(), HttpStatus.OK, false);
    static final Answer SUPERSEDED = new Answer(List.of(), HttpStatus.NO_CONTENT, false);
    static final Answer ENDED = new Answer(List.of(), HttpStatus.NO_CONTENT, true);
  }

  /** A poll waiting for frames. */
  private static final class Poll {
    final Sinks.One<Answer> result = Sinks.one();
    volatile Disposable timer;
    volatile boolean answered;

    void answer(Answer answer) {
      answered = true;
      Disposable t = timer;
      if (t != null) t.dispose();
      result.tryEmitValue(answer);
    }

    /** Starts the poll timeout; a poll answered before its timer exists does not keep one. */
    void startTimer(Duration timeout, Runnable onTimeout) {
      timer = Mono.delay(timeout).subscribe(tick -> onTimeout.run());
      if (answered) timer.dispose();
    }
  }

  private final Object lock = new Object();
  private final ArrayDeque<byte[]> queued = new ArrayDeque<>();
  private final Duration pollTimeout;
  private long queuedBytes;
  private volatile Poll waiting;
  private boolean ended;
  private volatile long endedNanos;
  private volatile long lastPollNanos = openedNanos;

  LongPollingConnection(HubEndpoint endpoint, String token, String slotIp, ConnectionInfo info) {
    super(endpoint, token, slotIp, info);
    this.pollTimeout = endpoint.transports().pollTimeout();
  }

  /** The first poll completes the connection's setup and is answered at once, without data. */
  Mono<Void> firstPoll(ServerWebExchange exchange) {
    return write(exchange, Answer.TIMED_OUT);
  }

  Mono<Void> poll(ServerWebExchange exchange) {
    lastPollNanos = System.nanoTime();
    Poll previous;
    Poll mine = null;
    Answer ready = null;
    synchronized (lock) {
      previous = waiting;
      waiting = null;
      if (!queued.isEmpty()) {
        ready = new Answer(drain(), HttpStatus.OK, ended);
      } else if (ended) {
        ready = Answer.ENDED;
      } else {
        mine = new Poll();
        waiting = mine;
      }
    }
    if (previous != null) previous.answer(Answer.SUPERSEDED);
    if (ready != null) return write(exchange, ready);
    Poll poll = mine;
    poll.startTimer(pollTimeout, () -> timedOut(poll));
    return poll.result.asMono()
        .flatMap(answer -> write(exchange, answer))
        .doOnCancel(() -> abandoned(poll));
  }

  boolean isWaiting() {
    return waiting != null;
  }

  /** {@code DELETE}: the client is done; a waiting poll is answered 204 and the hub forgets it. */
  Mono<Void> delete(ServerWebExchange exchange) {
    closedByClient();
    Poll poll;
    synchronized (lock) {
      queued.clear();
      queuedBytes = 0;
      poll = waiting;
      waiting = null;
    }
    if (poll != null) poll.answer(Answer.ENDED);
    finish();
    exchange.getResponse().setStatusCode(HttpStatus.ACCEPTED);
    exchange.getResponse().getHeaders().setContentType(MediaType.TEXT_PLAIN);
    return exchange.getResponse().setComplete();
  }

  @Override
  void emit(byte[] bytes, boolean binary) {
    Poll poll;
    boolean overflow = false;
    synchronized (lock) {
      if (ended) return;
      poll = waiting;
      waiting = null;
      if (poll == null) {
        queued.add(bytes);
        queuedBytes += bytes.length;
        overflow = queuedBytes > endpoint.settings().maxBufferedBytes();
      }
    }
    markSent();
    if (poll != null) {
      poll.answer(new Answer(List.of(bytes), HttpStatus.OK, false));
    } else if (overflow) {
      endpoint.log().warn("[{}] closing slow long-polling client: more than {} bytes waiting for a poll", id(),
          endpoint.settings().maxBufferedBytes());
      close(CloseReason.SLOW_CONSUMER, "Server closed the connection: the client did not poll fast enough");
    }
  }

  @Override
  void endWith(byte[] last, boolean binary) {
    Poll poll;
    Answer answer = null;
    synchronized (lock) {
      if (ended) return;
      if (closeReason() == CloseReason.SLOW_CONSUMER) {
        queued.clear();
        queuedBytes = 0;
      }
      if (last != null) queued.add(last);
      ended = true;
      endedNanos = System.nanoTime();
      poll = waiting;
      waiting = null;
      if (poll != null) answer = queued.isEmpty() ? Answer.ENDED : new Answer(drain(), HttpStatus.OK, true);
    }
    if (poll != null) poll.answer(answer);
  }

  private List<byte[]> drain() {
    List<byte[]> frames = new ArrayList<>(queued);
    queued.clear();
    queuedBytes = 0;
    return frames;
  }

  private void timedOut(Poll poll) {
    synchronized (lock) {
      if (waiting != poll) return;
      waiting = null;
    }
    poll.answer(Answer.TIMED_OUT);
  }

  /** The client went away while its poll waited: frames are not handed to it any more. */
  private void abandoned(Poll poll) {
    synchronized (lock) {
      if (waiting == poll) waiting = null;
    }
    Disposable t = poll.timer;
    if (t != null) t.dispose();
    lastPollNanos = System.nanoTime();
  }

  private Mono<Void> write(ServerWebExchange exchange, Answer answer) {
    ServerHttpResponse response = exchange.getResponse();
    HttpHeaders headers = response.getHeaders();
    response.setStatusCode(answer.status());
    headers.set(HttpHeaders.CACHE_CONTROL, "no-cache, no-store");
    headers.set(HttpHeaders.PRAGMA, "no-cache");
    headers.set(HttpHeaders.EXPIRES, "Thu, 01 Jan 1970 00:00:00 GMT");
    Mono<Void> written;
    if (answer.frames().isEmpty()) {
      headers.setContentType(MediaType.TEXT_PLAIN);
      if (answer.status() == HttpStatus.OK) headers.setContentLength(0);
      written = response.setComplete();
    } else {
      long length = 0;
      for (byte[] frame : answer.frames()) length += frame.length;
      headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
      headers.setContentLength(length);
      written = response.writeWith(Flux.fromIterable(answer.frames()).map(response.bufferFactory()::wrap));
    }
    return written.doFinally(signal -> {
      lastPollNanos = System.nanoTime();
      if (answer.last()) finish();
    });
  }

  /** A poll waiting or answered within the client timeout is the client's sign of life. */
  @Override
  boolean clientSilent(long now, TransportSettings settings) {
    return waiting == null && now - lastPollNanos > settings.clientTimeout().toNanos();
  }

  /** The client timed out: nobody will collect a final frame. */
  @Override
  void clientTimedOut(long now, TransportSettings settings) {
    super.clientTimedOut(now, settings);
    finish();
  }

  /** Closed, but nobody polled for the final frames within the client timeout: give up on them. */
  @Override
  void sweepClosed(long now, TransportSettings settings) {
    boolean stale;
    synchronized (lock) {
      stale = ended && waiting == null && now - endedNanos > settings.clientTimeout().toNanos();
    }
    if (stale) finish();
  }
}
