package io.hubscope.hub.redis;

import io.hubscope.hub.redis.ClusterMetrics.Operation;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's channels on Redis and how envelopes are sent on them: encoded and size-checked
 * here, published on the link's one command connection (so they leave in the order they were sent),
 * every failure counted and the first one logged at WARN.
 */
final class ClusterChannels {

  private static final Logger log = LoggerFactory.getLogger(ClusterChannels.class);

  private final String prefix;
  private final EnvelopeCodec codec;
  private final ClusterMetrics metrics;
  private final Supplier<RedisLink> link;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final AtomicLong failures = new AtomicLong();

  ClusterChannels(RedisClusterOptions options, ClusterMetrics metrics, Supplier<RedisLink> link) {
    this.prefix = options.keyPrefix();
    this.codec = new EnvelopeCodec(options.maxEnvelopeSize());
    this.metrics = metrics;
    this.link = link;
  }

  /** Where a server receives what is meant for it alone. */
  String inboxOf(String server) {
    return prefix + ":inbox:" + server;
  }

  /** Where group pushes go; every server listens. */
  String groups() {
    return prefix + ":groups";
  }

  /** @throws IllegalArgumentException when the message is too large or malformed */
  Envelope read(String message) {
    return codec.read(message);
  }

  /** Publishes; {@code onSent} gets the number of receivers, {@code onFailure} runs when it could not be sent. */
  void publish(String channel, Envelope envelope, LongConsumer onSent, Runnable onFailure) {
    String json;
    try {
      json = codec.write(envelope);
    } catch (IllegalArgumentException e) {
      failed("cluster message refused: {}", e.getMessage(), onFailure);
      return;
    }
    RedisLink l = link.get();
    if (l == null) {
      failed("cluster message not sent: {}", "no Redis connection", onFailure);
      return;
    }
    l.publish(channel, json).whenComplete((received, error) -> {
      if (error != null) failed("cluster publish failed: {}", error.getMessage(), onFailure);
      else onSent.accept(received);
    });
  }

  void publish(String channel, Envelope envelope) {
    publish(channel, envelope, received -> {}, () -> {});
  }

  /** Messages not sent so far (refused, or Redis failed them): a count that only grows. */
  long failures() {
    return failures.get();
  }

  void warnOnce(String format, Object... args) {
    if (warned.compareAndSet(false, true)) log.warn(format, args);
    else log.debug(format, args);
  }

  private void failed(String format, String why, Runnable onFailure) {
    failures.incrementAndGet();
    metrics.failed(Operation.PUBLISH);
    warnOnce(format, why);
    onFailure.run();
  }
}
