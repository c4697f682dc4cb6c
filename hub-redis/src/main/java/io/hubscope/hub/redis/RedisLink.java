package io.hubscope.hub.redis;

import io.hubscope.hub.cluster.SharedKey;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The two Redis connections of one server: one for commands and every PUBLISH (so what this server
 * sends leaves in the order it was sent), one subscribed to this server's inbox and the group
 * channel (so what it receives arrives in the order each sender sent it). Lettuce reconnects both
 * and re-subscribes; while disconnected, commands fail at once instead of queueing.
 */
final class RedisLink implements AutoCloseable {

  /** Takes the lease when it is free (with a new epoch); answers the current holder either way. */
  private static final String ACQUIRE = """
      local held = redis.call('GET', KEYS[1])
      if held then return held end
      local lease = redis.call('INCR', KEYS[2]) .. ':' .. ARGV[1]
      redis.call('SET', KEYS[1], lease, 'PX', ARGV[2])
      return lease
      """;
  /** Extends the lease only while it is still ours (compare-and-extend). */
  private static final String RENEW = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      return 0
      """;
  /** Deletes the lease only while it is still ours. */
  private static final String RELEASE = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0
      """;

  private final RedisClient client;
  private final ClientResources resources;
  private final StatefulRedisConnection<String, String> commands;
  private final StatefulRedisPubSubConnection<String, String> subscriber;
  private final String prefix;
  private final Duration timeout;
  private final AtomicBoolean reconnected = new AtomicBoolean();
  private volatile java.util.concurrent.Future<?> last;

  /** Connects and subscribes; {@code onMessage} gets (channel, message) on a Lettuce I/O thread. */
  RedisLink(RedisClusterOptions options, BiConsumer<String, String> onMessage, String... channels) {
    this.prefix = options.keyPrefix();
    this.timeout = options.commandTimeout();
    // Back off at most a second between attempts: a restarted Redis is used again within about a second.
    this.resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources, RedisURI.create(options.redisUrl()));
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .build());
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        reconnected.set(true);
      }
    });
    try {
      this.commands = client.connect();
      this.subscriber = client.connectPubSub();
      subscriber.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          onMessage.accept(channel, message);
        }
      });
      subscriber.sync().subscribe(channels);
      reconnected.set(false);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  boolean isOpen() {
    return commands.isOpen() && subscriber.isOpen();
  }

  /** True once after the link was lost and is back: what this server knew may be gone. */
  boolean takeReconnected() {
    return isOpen() && reconnected.compareAndSet(true, false);
  }

  CompletionStage<Long> publish(String channel, String message) {
    return commands.async().publish(channel, message);
  }

  /** The lease of {@code key}, taken for {@code token:serverId} when free. Blocks: cluster loop only. */
  Lease acquireOrRead(SharedKey key, String candidate, Duration ttl) throws Exception {
    String held = commands.async().<String>eval(ACQUIRE, ScriptOutputType.VALUE,
        new String[] {leaseKey(key), epochKey(key)}, candidate, String.valueOf(ttl.toMillis()))
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return Lease.parse(held);
  }

  /** Blocks: cluster loop only. */
  boolean renew(SharedKey key, Lease lease, Duration ttl) throws Exception {
    Long renewed = commands.async().<Long>eval(RENEW, ScriptOutputType.INTEGER, new String[] {leaseKey(key)},
        lease.value(), String.valueOf(ttl.toMillis())).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return renewed != null && renewed == 1;
  }

  /** The current value of {@code key}'s lease (null when none); answered after every command sent before. */
  CompletionStage<String> leaseOf(SharedKey key) {
    return commands.async().get(leaseKey(key));
  }

  /** Fire and forget: a lease not released expires. */
  void release(SharedKey key, Lease lease) {
    last = commands.async().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {leaseKey(key)}, lease.value());
  }

  /** Waits (briefly) until the commands sent so far were answered, e.g. releases before closing. Loop only. */
  void flush() {
    try {
      if (last != null) last.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // Not released: the leases expire instead.
    }
  }

  /** Subscribers per channel. Blocks: cluster loop only. */
  Map<String, Long> subscribers(String... channels) throws Exception {
    return commands.async().pubsubNumsub(channels).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private String leaseKey(SharedKey key) {
    return prefix + ":lease:" + key.vmId() + "|" + key.group();
  }

  private String epochKey(SharedKey key) {
    return prefix + ":epoch:" + key.vmId() + "|" + key.group();
  }

  @Override
  public void close() {
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } finally {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
