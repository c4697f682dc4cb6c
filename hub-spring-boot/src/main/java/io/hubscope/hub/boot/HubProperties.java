package io.hubscope.hub.boot;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's settings ({@code hubscope.hub.*}).
 *
 * @param path where the hub is served
 * @param maxMessageSize largest client message accepted, in bytes; larger ones close the connection
 * @param maxBufferedBytes outbound bytes queued for one client before it is closed as too slow
 * @param keepAliveInterval ping interval when the server has nothing else to send
 * @param clientTimeout silence after which a client is closed
 * @param handshakeTimeout time a new socket has to send its handshake
 * @param trustedProxies peers whose X-Forwarded-For header is believed
 * @param allowedOrigins origins of pages allowed to negotiate cross-origin (exact, or {@code *})
 */
@ConfigurationProperties("hubscope.hub")
public record HubProperties(
    @DefaultValue("/dotnetify") String path,
    @DefaultValue("32768") int maxMessageSize,
    @DefaultValue("8388608") long maxBufferedBytes,
    @DefaultValue("15s") Duration keepAliveInterval,
    @DefaultValue("30s") Duration clientTimeout,
    @DefaultValue("15s") Duration handshakeTimeout,
    @DefaultValue Set<String> trustedProxies,
    @DefaultValue Set<String> allowedOrigins) {}
