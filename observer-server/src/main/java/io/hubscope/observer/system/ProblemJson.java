package io.hubscope.observer.system;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Writes an RFC 9457 problem detail where no controller runs (the security filters), in the same
 * shape {@link ApiErrors} answers with: {@code type, title, status, detail, instance}.
 */
public final class ProblemJson {

  private ProblemJson() {}

  public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String detail, String instance) {
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    String json = "{\"type\":\"about:blank\",\"title\":" + quote(status.getReasonPhrase())
        + ",\"status\":" + status.value() + ",\"detail\":" + quote(detail)
        + ",\"instance\":" + quote(instance) + "}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    return sb.append('"').toString();
  }
}
