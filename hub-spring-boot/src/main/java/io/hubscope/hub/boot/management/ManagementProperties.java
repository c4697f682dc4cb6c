package io.hubscope.hub.boot.management;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The management token of a hub node, bound from {@code hubscope.management.*}.
 *
 * @param token bearer token for the actuator's metrics, Prometheus and health details; blank
 *     (the default) turns those endpoints off, leaving only health's status
 */
@ConfigurationProperties("hubscope.management")
public record ManagementProperties(String token) {}
