package io.hubscope.hub.boot.tap;

import io.hubscope.tap.NodeIdentity;
import io.hubscope.tap.TapOptions;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The tap to the observer ({@code hubscope.tap.*}); without a URL there is no tap. A setting left
 * unset keeps the default of {@link TapOptions.Builder}, named here once for the generated
 * configuration metadata.
 *
 * @param url the observer's ingest hub, e.g. {@code http://localhost:8080/observe}; unset: no tap
 * @param token sent at negotiate as {@code Authorization: Bearer}; the observer's ingest token
 * @param nodeName how this node appears on the dashboard; unset or blank: its role ({@code app} or
 *     {@code proxy})
 * @param queueMaxEvents events held for the sender before new ones are dropped ({@code queue_full};
 *     default 50000)
 * @param queueMaxBytes bytes held for the sender before new events are dropped ({@code queue_full};
 *     default 16MB)
 * @param batchMaxEvents events per {@code Observe} batch (default 500)
 * @param batchMaxBytes bytes per batch; a single event bigger than this is dropped ({@code too_large};
 *     default 256KB)
 * @param linger how long the first event of a batch waits for company (default 200ms)
 * @param payloadMaxBytes payload text kept per message; longer payloads are cut and marked truncated
 *     (default 4KB)
 * @param redactFields JSON field names whose values are replaced, at any depth, case-insensitively
 *     (default password, token, secret, authorization)
 * @param payloadSampleRate share of messages (0..1) whose payload text is sent; counts and sizes
 *     are always exact (default 1.0)
 * @param headers request headers mirrored in {@code open} events, lower-case names (default
 *     user-agent, origin, referer, accept-language, x-forwarded-for)
 * @param hostInterval how often host CPU and memory are sampled and sent (default 1s)
 * @param acceptCommands whether the node carries out the operator's commands (disconnect, send, drain)
 *     that the observer sends back over the tap's link; only ever with a {@code token} (default true)
 */
@ConfigurationProperties("hubscope.tap")
record TapProperties(
    String url,
    String token,
    String nodeName,
    Integer queueMaxEvents,
    DataSize queueMaxBytes,
    Integer batchMaxEvents,
    DataSize batchMaxBytes,
    Duration linger,
    DataSize payloadMaxBytes,
    Set<String> redactFields,
    Double payloadSampleRate,
    Set<String> headers,
    Duration hostInterval,
    Boolean acceptCommands) {

  boolean commandsOn() {
    return acceptCommands == null || acceptCommands;
  }

  String nodeNameOr(String role) {
    return nodeName == null || nodeName.isBlank() ? role : nodeName;
  }

  /** The tap's options: the builder's defaults with what is set here. */
  TapOptions.Builder options(NodeIdentity node) {
    TapOptions.Builder b = TapOptions.builder(url, node).token(token);
    set(queueMaxEvents, b::queueMaxEvents);
    set(queueMaxBytes, size -> b.queueMaxBytes(size.toBytes()));
    set(batchMaxEvents, b::batchMaxEvents);
    set(batchMaxBytes, size -> b.batchMaxBytes(size.toBytes()));
    set(linger, b::linger);
    set(payloadMaxBytes, size -> b.payloadMaxBytes(Math.toIntExact(size.toBytes())));
    set(redactFields, b::redactFields);
    set(payloadSampleRate, b::payloadSampleRate);
    set(headers, b::headers);
    set(hostInterval, b::hostInterval);
    return b;
  }

  private static <T> void set(T value, Consumer<T> setter) {
    if (value != null) setter.accept(value);
  }
}
