package io.hubscope.hub.boot.tap;

import io.hubscope.tap.NodeIdentity;
import io.hubscope.tap.TapOptions;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The tap to the observer ({@code hubscope.tap.*}); without a URL there is no tap.
 *
 * @param url the observer's ingest hub, e.g. {@code http://localhost:8080/observe}; empty: no tap
 * @param token sent at negotiate as {@code Authorization: Bearer}; the observer's ingest token
 * @param nodeName how this node appears on the dashboard; blank: its role ({@code app} or {@code proxy})
 * @param queueMaxEvents events held for the sender before new ones are dropped ({@code queue_full})
 * @param queueMaxBytes bytes held for the sender before new events are dropped ({@code queue_full})
 * @param batchMaxEvents events per {@code Observe} batch
 * @param batchMaxBytes bytes per batch; a single event bigger than this is dropped ({@code too_large})
 * @param linger how long the first event of a batch waits for company
 * @param payloadMaxBytes payload text kept per message; longer payloads are cut and marked truncated
 * @param redactFields JSON field names whose values are replaced, at any depth, case-insensitively
 * @param payloadSampleRate share of messages (0..1) whose payload text is sent; counts and sizes
 *     are always exact
 * @param headers request headers mirrored in {@code open} events (lower-case names)
 * @param hostInterval how often host CPU and memory are sampled and sent
 */
@ConfigurationProperties("hubscope.tap")
record TapProperties(
    @DefaultValue("") String url,
    @DefaultValue("") String token,
    @DefaultValue("") String nodeName,
    @DefaultValue("50000") int queueMaxEvents,
    @DefaultValue("16MB") DataSize queueMaxBytes,
    @DefaultValue("500") int batchMaxEvents,
    @DefaultValue("256KB") DataSize batchMaxBytes,
    @DefaultValue("200ms") Duration linger,
    @DefaultValue("4KB") DataSize payloadMaxBytes,
    @DefaultValue({"password", "token", "secret", "authorization"}) Set<String> redactFields,
    @DefaultValue("1.0") double payloadSampleRate,
    @DefaultValue({"user-agent", "origin", "referer", "accept-language", "x-forwarded-for"}) Set<String> headers,
    @DefaultValue("1s") Duration hostInterval) {

  String nodeNameOr(String role) {
    return nodeName.isBlank() ? role : nodeName;
  }

  TapOptions.Builder options(NodeIdentity node) {
    return TapOptions.builder(url, node).token(token).queueMaxEvents(queueMaxEvents)
        .queueMaxBytes(queueMaxBytes.toBytes()).batchMaxEvents(batchMaxEvents).batchMaxBytes(batchMaxBytes.toBytes())
        .linger(linger).payloadMaxBytes(Math.toIntExact(payloadMaxBytes.toBytes())).redactFields(redactFields)
        .payloadSampleRate(payloadSampleRate).headers(headers).hostInterval(hostInterval);
  }
}
