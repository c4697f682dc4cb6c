package io.hubscope.hub.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The send half of the HTTP transports (Server-Sent Events and long polling): what the connection
 * writes is sent as the body of a {@code POST}, one at a time so the server reads messages in the
 * order they were written; messages written while a POST is out go together in the next one, up to
 * {@code maxPostBytes}. {@link #close()} sends {@code DELETE}, which ends the server's side of the
 * receive stream too. Event loop only, but {@link #eventLoop()}.
 */
final class HttpLink implements ClientLink {

  private record Pending(byte[] payload, Consumer<Throwable> onWritten) {
  }

  private final HttpClient http;
  private final URI uri;
  private final EventLoop eventLoop;
  private final int maxPostBytes;
  private final Consumer<Throwable> onFailure;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final List<Runnable> closeListeners = new ArrayList<>();
  private boolean posting;
  private volatile boolean active = true;
  private boolean closed;
  private Disposable receiving;

  /**
   * @param onFailure told (on the event loop) when a POST fails: the connection is broken
   */
  HttpLink(HttpClient http, URI uri, EventLoop eventLoop, int maxPostBytes, Consumer<Throwable> onFailure) {
    this.http = http;
    this.uri = uri;
    this.eventLoop = eventLoop;
    this.maxPostBytes = maxPostBytes;
    this.onFailure = onFailure;
  }

  /** The receive stream; disposed when the link closes. */
  void receiving(Disposable receiving) {
    this.receiving = receiving;
  }

  @Override
  public EventLoop eventLoop() {
    return eventLoop;
  }

  @Override
  public boolean isActive() {
    return active;
  }

  @Override
  public void write(byte[] payload, Consumer<Throwable> onWritten) {
    pending.add(new Pending(payload, onWritten));
  }

  @Override
  public void flush() {
    if (posting || pending.isEmpty() || !active) return;
    List<Pending> batch = takeBatch();
    byte[] body = join(batch);
    posting = true;
    http.post().uri(uri).send(Mono.just(Unpooled.wrappedBuffer(body)))
        .responseSingle((response, content) -> Mono.just(response.status().code()))
        .subscribe(
            status -> eventLoop.execute(() -> onPosted(batch, status >= 200 && status < 300 ? null
                : new HubConnectException("POST to " + uri.getPath() + " answered HTTP " + status))),
            error -> eventLoop.execute(() -> onPosted(batch, error)));
  }

  @Override
  public void close() {
    if (!active) return;
    active = false;
    for (Pending p : pending) {
      if (p.onWritten() != null) p.onWritten().accept(new HubConnectException("Connection closed before the POST"));
    }
    pending.clear();
    http.delete().uri(uri).responseSingle((response, content) -> Mono.just(response.status().code()))
        .doFinally(signal -> eventLoop.execute(this::closed))
        .subscribe(null, error -> { }); // the server may already have gone; closed either way
  }

  @Override
  public void whenClosed(Runnable listener) {
    eventLoop.execute(() -> {
      if (closed) listener.run(); else closeListeners.add(listener);
    });
  }

  /** The receive stream ended on its own: nothing can reach the server any more either. */
  void receiveEnded() {
    active = false;
    closed();
  }

  private void closed() {
    if (closed) return;
    closed = true;
    Disposable r = receiving;
    if (r != null) r.dispose();
    closeListeners.forEach(Runnable::run);
    closeListeners.clear();
  }

  private List<Pending> takeBatch() {
    List<Pending> batch = new ArrayList<>();
    int bytes = 0;
    while (!pending.isEmpty()) {
      Pending next = pending.peekFirst();
      if (!batch.isEmpty() && bytes + next.payload().length > maxPostBytes) break;
      batch.add(pending.pollFirst());
      bytes += next.payload().length;
    }
    return batch;
  }

  private static byte[] join(List<Pending> batch) {
    if (batch.size() == 1) return batch.get(0).payload();
    int size = 0;
    for (Pending p : batch) size += p.payload().length;
    byte[] body = new byte[size];
    int at = 0;
    for (Pending p : batch) {
      System.arraycopy(p.payload(), 0, body, at, p.payload().length);
      at += p.payload().length;
    }
    return body;
  }

  private void onPosted(List<Pending> batch, Throwable error) {
    posting = false;
    for (Pending p : batch) {
      if (p.onWritten() != null) p.onWritten().accept(error);
    }
    if (error != null) {
      if (active) onFailure.accept(error);
      return;
    }
    flush();
  }
}
