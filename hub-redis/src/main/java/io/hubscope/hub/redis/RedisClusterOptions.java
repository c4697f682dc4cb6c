package io.hubscope.hub.redis;

import java.time.Duration;
import java.util.UUID;

/**
 * How a {@link RedisHubCluster} uses Redis. Build with {@link #builder(String)}; every bound has a
 * default and bad values fail fast.
 *
 * @param redisUrl e.g. {@code redis://127.0.0.1:6379}
 * @param serverId this server's id in the cluster, unique per running process
 * @param keyPrefix prefix of every key and channel, so clusters (and tests) can share one Redis
 * @param leaseTtl how long an owner's lease lives without renewal: the longest a dead owner blocks
 *     its view models
 * @param renewInterval how often leases are renewed and owners checked (at most a third of the ttl)
 * @param callTimeout how long a member's call waits for the owner's answer
 * @param commandTimeout how long one Redis command may take
 * @param maxEnvelopeSize the largest message on Redis, in characters; larger ones are refused
 */
public record RedisClusterOptions(
    String redisUrl,
    String serverId,
    String keyPrefix,
    Duration leaseTtl,
    Duration renewInterval,
    Duration callTimeout,
    Duration commandTimeout,
    int maxEnvelopeSize) {

  public RedisClusterOptions {
    if (redisUrl == null || redisUrl.isBlank()) throw new IllegalArgumentException("redisUrl is empty");
    if (serverId == null || serverId.isBlank()) throw new IllegalArgumentException("serverId is empty");
    if (keyPrefix == null || keyPrefix.isBlank()) throw new IllegalArgumentException("keyPrefix is empty");
    if (leaseTtl.toMillis() < 300) throw new IllegalArgumentException("leaseTtl < 300ms: " + leaseTtl);
    if (renewInterval.toMillis() < 50) throw new IllegalArgumentException("renewInterval < 50ms: " + renewInterval);
    if (renewInterval.multipliedBy(3).compareTo(leaseTtl) > 0) {
      throw new IllegalArgumentException("renewInterval > leaseTtl / 3: " + renewInterval + " for " + leaseTtl);
    }
    if (callTimeout.toMillis() < 100) throw new IllegalArgumentException("callTimeout < 100ms: " + callTimeout);
    if (commandTimeout.toMillis() < 10) throw new IllegalArgumentException("commandTimeout < 10ms: " + commandTimeout);
    if (maxEnvelopeSize < 1024) throw new IllegalArgumentException("maxEnvelopeSize < 1024: " + maxEnvelopeSize);
  }

  public static Builder builder(String redisUrl) {
    return new Builder(redisUrl);
  }

  /** Defaults: a random server id, prefix {@code hubscope}, 3 s leases renewed every second. */
  public static final class Builder {
    private final String redisUrl;
    private String serverId = UUID.randomUUID().toString();
    private String keyPrefix = "hubscope";
    private Duration leaseTtl = Duration.ofSeconds(3);
    private Duration renewInterval = Duration.ofSeconds(1);
    private Duration callTimeout = Duration.ofSeconds(5);
    private Duration commandTimeout = Duration.ofSeconds(1);
    private int maxEnvelopeSize = 1024 * 1024;

    private Builder(String redisUrl) {
      this.redisUrl = redisUrl;
    }

    /** Blank keeps the random default. */
    public Builder serverId(String serverId) {
      if (serverId != null && !serverId.isBlank()) this.serverId = serverId;
      return this;
    }

    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
      return this;
    }

    public Builder leaseTtl(Duration leaseTtl) {
      this.leaseTtl = leaseTtl;
      return this;
    }

    public Builder renewInterval(Duration renewInterval) {
      this.renewInterval = renewInterval;
      return this;
    }

    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
      return this;
    }

    public Builder maxEnvelopeSize(int maxEnvelopeSize) {
      this.maxEnvelopeSize = maxEnvelopeSize;
      return this;
    }

    public RedisClusterOptions build() {
      return new RedisClusterOptions(redisUrl, serverId, keyPrefix, leaseTtl, renewInterval, callTimeout,
          commandTimeout, maxEnvelopeSize);
    }
  }
}
