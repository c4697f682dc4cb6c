package io.hubscope.tap;

import io.hubscope.hub.client.HubClient;
import io.hubscope.hub.client.HubClientConnection;
import io.hubscope.tap.metrics.DropCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;
import tools.jackson.databind.util.RawValue;

/**
 * The tap's only sender: one daemon thread, never an event loop, so it may wait. It keeps one
 * connection to the observer (reconnecting with backoff), sends a resync first after every
 * connect (in chunks within the batch limits, each a batch of its own), then batches of queued events by count, bytes and linger, one {@code Observe} at a time.
 * While it has no connection the tap drops new events as {@code observer_down}.
 */
final class TapSender implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(TapSender.class);
  /** Bytes a batch adds around its events: the node, seq, sentAt, the drop totals. */
  static final int BATCH_OVERHEAD = 512;

  private final TapOptions options;
  private final TapQueue queue;
  private final Drops drops;
  private final Supplier<List<TapEvent.Open>> openConnections;
  private final PayloadFilter filter;
  private final JsonMapper mapper;
  private final HubClient client;
  private final TapCommands commands;
  private final LoopResources loops;
  private final Thread thread;
  private final BatchBuffer buffer = new BatchBuffer();
  private volatile boolean up;
  private volatile boolean running = true;
  private volatile boolean closing;
  private volatile HubClientConnection connection;
  private long seq;
  private long resyncs;
  private boolean outageLogged;

  TapSender(TapOptions options, TapQueue queue, Drops drops, Supplier<List<TapEvent.Open>> openConnections,
      JsonMapper mapper, TapCommands commands) {
    this.commands = commands;
    this.options = options;
    this.queue = queue;
    this.drops = drops;
    this.openConnections = openConnections;
    this.mapper = mapper;
    this.filter = new PayloadFilter(options.payloadMaxBytes(), options.redactFields(), mapper);
    // An event loop of its own: the tap's traffic never shares the hub's loops, and an app that
    // disposes the global Reactor Netty resources on shutdown does not cut the tap's final flush.
    this.loops = LoopResources.create("hubscope-tap-io", 1, true);
    // No redirects: the link (and the commands it carries) goes to the configured observer only.
    this.client = HubClient.builder(options.url()).accessToken(options.token()).userAgent("hubscope-tap")
        .followRedirects(false)
        .httpClient(HttpClient.create(ConnectionProvider.newConnection()).runOn(loops))
        .jsonMapper(mapper).build();
    this.thread = new Thread(this, "hubscope-tap-sender");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Whether events offered now have a connection to go to. */
  boolean isUp() {
    return up;
  }

  /** Wakes the sender early: a full batch is waiting. Never blocks. */
  void wake() {
    LockSupport.unpark(thread);
  }

  @Override
  public void run() {
    int failures = 0;
    while (running && !closing) {
      HubClientConnection c;
      try {
        c = client.connect().block(options.sendTimeout());
      } catch (RuntimeException e) {
        outage("cannot connect to the observer at " + options.url(), e);
        pause(options.backoff().get(Math.min(failures++, options.backoff().size() - 1)));
        continue;
      }
      connection = c;
      // Commands only over a link that presented the ingest token: an observer that let a tap in
      // without one is not one the operator controls.
      if (options.token() != null) c.on("Command", args -> commands.received(c, args));
      up = true; // before the snapshot: a connection opening now is in the resync or in the queue
      try {
        if (resync()) {
          failures = 0;
          outageLogged = false;
          LOG.info("tap connected to the observer at {}", options.url());
          while (running && c.isOpen()) {
            List<TapEvent> batch = nextBatch(c::isOpen);
            if (batch.isEmpty() && closing) break; // flushed what the hub's shutdown produced
            if (!batch.isEmpty() && !send(batch)) break;
          }
        }
      } finally {
        up = false;
        drops.record(DropCause.OBSERVER_DOWN, queue.clear());
        c.close().subscribe(null, e -> {});
      }
      if (running && !closing) pause(options.backoff().get(Math.min(failures++, options.backoff().size() - 1)));
    }
  }

  /** Waits for a batch: full by count or bytes, or the oldest event has lingered long enough. */
  List<TapEvent> nextBatch(BooleanSupplier open) {
    List<TapEvent> batch = new ArrayList<>();
    long bytes = 0;
    long lingerMillis = options.linger().toMillis();
    while (running && open.getAsBoolean()) {
      bytes += queue.drainTo(batch, options.batchMaxEvents(), options.batchMaxBytes(), bytes);
      if (batch.size() >= options.batchMaxEvents()) return batch;
      if (!batch.isEmpty() && queue.depth() > 0) return batch; // the next event would pass the byte limit
      long wait = batch.isEmpty() ? lingerMillis : batch.get(0).ts() + lingerMillis - System.currentTimeMillis();
      if (wait <= 0 || closing) return batch;
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait));
    }
    return batch;
  }

  /**
   * Sends the open connections as resync chunks, one batch each, before any queued event; false
   * when the connection failed on the way (the next connect starts a new resync).
   */
  private boolean resync() {
    for (TapEvent.Resync chunk : resyncChunks()) {
      if (!send(List.of(chunk))) return false;
    }
    return true;
  }

  /** The next resync, split to the batch limits: each chunk goes as a batch of its own. */
  List<TapEvent.Resync> resyncChunks() {
    return TapEvent.Resync.chunks(System.currentTimeMillis(), ++resyncs, openConnections.get(),
        options.batchMaxEvents(), options.batchMaxBytes() - BATCH_OVERHEAD);
  }

  /** Sends one batch and waits for its acknowledgement; false when the connection is unusable. */
  private boolean send(List<TapEvent> batch) {
    long start = System.nanoTime();
    JsonNode json = argument(batch);
    try {
      connection.invoke("Observe", json).block(options.sendTimeout());
      options.metrics().sent(batch.size(), System.nanoTime() - start);
      return true;
    } catch (RuntimeException e) {
      // Lost, refused or unanswered in time: the observer is as good as down for these events.
      drops.record(DropCause.OBSERVER_DOWN, batch.size());
      outage("a batch to the observer failed", e);
      return false;
    }
  }

  /**
   * The batch as the argument of an {@code Observe} call. It holds the sender's buffer, which the
   * next batch overwrites: the hub client encodes the call (copies the bytes out) on this thread
   * when {@link #send} subscribes to {@code invoke}'s Mono, before anything else is written.
   */
  JsonNode argument(List<TapEvent> batch) {
    write(batch);
    return new POJONode(new RawValue(new RawJsonBytes(buffer.array(), buffer.size())));
  }

  /** The batch as UTF-8 JSON; for tests. */
  byte[] encode(List<TapEvent> batch) {
    write(batch);
    return java.util.Arrays.copyOf(buffer.array(), buffer.size());
  }

  /**
   * Writes the batch as UTF-8 JSON into the sender's buffer, streamed event by event: it goes to
   * the hub client as a raw value, so no tree of the batch is built only to be serialized again,
   * and the buffer is kept from batch to batch rather than grown anew for each.
   */
  private void write(List<TapEvent> batch) {
    buffer.reset(options.batchMaxBytes() + BATCH_OVERHEAD);
    try (JsonGenerator out = mapper.createGenerator(buffer)) {
      out.writeStartObject();
      out.writeObjectPropertyStart("node");
      options.node().write(out);
      out.writeEndObject();
      out.writeNumberProperty("seq", ++seq);
      out.writeNumberProperty("sentAt", System.currentTimeMillis());
      out.writeObjectPropertyStart("dropped");
      drops.totals().forEach((cause, n) -> out.writeNumberProperty(cause.tag(), n));
      out.writeEndObject();
      out.writeArrayPropertyStart("events");
      for (TapEvent e : batch) {
        out.writeStartObject();
        e.write(out, filter, true);
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    }
  }

  /** The batch as a tree, as the observer reads it; for tests. */
  ObjectNode toJson(List<TapEvent> batch) {
    return (ObjectNode) mapper.readTree(encode(batch));
  }

  private void outage(String what, Throwable e) {
    if (!outageLogged) {
      outageLogged = true;
      LOG.warn("tap: {}; dropping events until it is back: {}", what, e.toString());
    } else {
      LOG.debug("tap: {}", what, e);
    }
  }

  private void pause(Duration d) {
    long deadline = System.nanoTime() + d.toNanos();
    for (long left; running && !closing && (left = deadline - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
  }

  /**
   * Sends what is queued (the closes of the hub's own shutdown, typically) for up to a send
   * timeout, then stops; events offered after that are dropped as {@code observer_down}.
   */
  void close() {
    closing = true;
    LockSupport.unpark(thread);
    join(options.sendTimeout().toMillis());
    running = false;
    up = false;
    LockSupport.unpark(thread);
    HubClientConnection c = connection;
    if (c != null) c.close().subscribe(null, e -> {});
    join(1000);
    loops.disposeLater().subscribe(null, e -> {});
  }

  private void join(long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
