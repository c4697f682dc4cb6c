package io.hubscope.hub.transport;

import io.hubscope.hub.protocol.JsonMappers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON bodies negotiate answers with (TransportProtocols.md). */
final class NegotiateAnswers {

  private static final JsonMapper MAPPER = JsonMappers.builder().build();

  private NegotiateAnswers() {}

  /**
   * Version 1 when {@code token} is set (requests then use the token as their id), else version 0;
   * the enabled transports in the spec's order, WebSockets first (dotNetify's client needs that);
   * stateful reconnect granted when {@code statefulReconnect}.
   */
  static String connection(String connectionId, String token, HubTransports transports, boolean statefulReconnect) {
    ObjectNode answer = MAPPER.createObjectNode();
    answer.put("negotiateVersion", token != null ? 1 : 0);
    if (token != null) answer.put("connectionToken", token);
    answer.put("connectionId", connectionId);
    ArrayNode available = answer.putArray("availableTransports");
    for (TransportType transport : TransportType.values()) {
      if (!transports.isEnabled(transport)) continue;
      ObjectNode entry = available.addObject();
      entry.put("transport", transport.wireName());
      ArrayNode formats = entry.putArray("transferFormats").add("Text");
      if (transport.supportsBinary()) formats.add("Binary");
    }
    if (statefulReconnect) answer.put("useStatefulReconnect", true);
    return MAPPER.writeValueAsString(answer);
  }

  static String redirect(NegotiatePolicy.Redirect redirect) {
    ObjectNode answer = MAPPER.createObjectNode();
    answer.put("url", redirect.url());
    if (redirect.accessToken() != null) answer.put("accessToken", redirect.accessToken());
    return MAPPER.writeValueAsString(answer);
  }

  /** A refusal body: {@code {"error":"..."}}, as the official clients read it. */
  static String error(String message) {
    ObjectNode answer = MAPPER.createObjectNode();
    answer.put("error", message);
    return MAPPER.writeValueAsString(answer);
  }
}
