package io.hubscope.app.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Several app servers sharing multicast view models and groups through Redis
 * ({@code hubscope.cluster.*}). Without a Redis URL this server is alone, as by default.
 *
 * @param redisUrl the Redis every app server of the cluster uses, e.g. {@code redis://127.0.0.1:6379};
 *     empty: no cluster
 * @param serverId this server's id in the cluster, unique per running process; empty: a random one
 * @param keyPrefix prefix of the cluster's Redis keys and channels (one per cluster sharing a Redis)
 * @param leaseTtl how long a shared view model's owner lease lives unrenewed: the longest a dead
 *     owner keeps its view models from moving to another server
 * @param renewInterval how often leases are renewed and owners checked (at most a third of the ttl)
 * @param callTimeout how long a member's call waits for the owner server's answer
 * @param commandTimeout how long one Redis command may take
 */
@ConfigurationProperties("hubscope.cluster")
record ClusterProperties(
    @DefaultValue("") String redisUrl,
    @DefaultValue("") String serverId,
    @DefaultValue("hubscope") String keyPrefix,
    @DefaultValue("3s") Duration leaseTtl,
    @DefaultValue("1s") Duration renewInterval,
    @DefaultValue("5s") Duration callTimeout,
    @DefaultValue("1s") Duration commandTimeout) {}
