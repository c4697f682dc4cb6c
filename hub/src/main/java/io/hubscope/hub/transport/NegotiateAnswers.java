package io.hubscope.hub.transport;

import io.hubscope.hub.protocol.JsonMappers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON bodies negotiate answers with (TransportProtocols.md). */
final class NegotiateAnswers {

  private static final JsonMapper MAPPER = JsonMappers.builder().build();

  private NegotiateAnswers() {}

  /** Version 1 when {@code token} is set (the socket then uses the token as its id), else version 0. */
  static String connection(String connectionId, String token) {
    return connection(connectionId, token, false);
  }

  /** As {@link #connection(String, String)}, granting stateful reconnect when {@code statefulReconnect}. */
  static String connection(String connectionId, String token, boolean statefulReconnect) {
    ObjectNode answer = MAPPER.createObjectNode();
    if (token != null) {
      answer.put("negotiateVersion", 1);
      answer.put("connectionToken", token);
    }
    answer.put("connectionId", connectionId);
    ObjectNode ws = answer.putArray("availableTransports").addObject();
    ws.put("transport", "WebSockets");
    ws.putArray("transferFormats").add("Text").add("Binary");
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
