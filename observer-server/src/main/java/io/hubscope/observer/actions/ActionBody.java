package io.hubscope.observer.actions;

import io.hubscope.observer.system.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An action's request body, checked before anything is sent to a node: at most {@code maxBytes},
 * a JSON object (or nothing), only the fields the action knows, each of its type and syntax.
 * Everything in it is attacker-controlled text: it goes to nodes as data and to the audit log
 * bounded, and the dashboard shows it as text.
 */
final class ActionBody {

  /** {@code Type}, {@code Type$instance}, {@code Master.Sub}: dotNetify's view-model ids. */
  static final Pattern VM_ID = Pattern.compile("[A-Za-z_]\\w*(\\$[\\w:@#+-]+)?(\\.[A-Za-z_]\\w*(\\$[\\w:@#+-]+)?)*");
  static final Pattern GROUP = Pattern.compile("[\\w.:@$#+-]+");
  static final int MAX_ID_CHARS = 200;

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final JsonNode fields;

  private ActionBody(JsonNode fields) {
    this.fields = fields;
  }

  /** The body, or a 400 (not a JSON object, an unknown field) or 413 (over {@code maxBytes}). */
  static ActionBody parse(String raw, int maxBytes, Set<String> allowed) {
    if (raw == null || raw.isBlank()) {
      return new ActionBody(JSON.createObjectNode());
    }
    int bytes = raw.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      HttpStatus status = HttpStatus.valueOf(413);
      throw new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status,
          "The body has " + bytes + " bytes; an action takes at most " + maxBytes), null);
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(raw);
    } catch (JacksonException e) {
      throw new BadRequestException("The body is not valid JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new BadRequestException("The body must be a JSON object");
    }
    for (String name : tree.propertyNames()) {
      if (!allowed.contains(name)) {
        throw new BadRequestException(name, "Unknown field " + name + "; this action takes " + String.join(", ", allowed));
      }
    }
    return new ActionBody(tree);
  }

  /** Optional printable text of at most {@code maxChars}; {@code absent} when not given. */
  String reason(int maxChars, String absent) {
    JsonNode value = fields.get("reason");
    if (value == null || value.isNull()) return absent;
    if (!value.isString()) throw new BadRequestException("reason", "reason must be a string");
    String reason = value.asString().strip();
    if (reason.length() > maxChars) {
      throw new BadRequestException("reason", "reason has " + reason.length() + " characters; at most " + maxChars);
    }
    if (reason.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequestException("reason", "reason must not contain control characters");
    }
    return reason.isEmpty() ? absent : reason;
  }

  /** The required {@code vmId} field. */
  String vmId() {
    JsonNode value = fields.get("vmId");
    if (value == null || !value.isString()) throw new BadRequestException("vmId", "vmId (a view-model id) is required");
    return checkVmId(value.asString());
  }

  static String checkVmId(String vmId) {
    if (vmId.length() > MAX_ID_CHARS || !VM_ID.matcher(vmId).matches()) {
      throw new BadRequestException("vmId", "vmId must be a view-model id such as Chat, Chat$room1 or"
          + " Master.Sub, at most " + MAX_ID_CHARS + " characters: " + preview(vmId));
    }
    return vmId;
  }

  static String checkGroup(String group) {
    if (group.length() > MAX_ID_CHARS || !GROUP.matcher(group).matches()) {
      throw new BadRequestException("group", "group must be 1 to " + MAX_ID_CHARS
          + " letters, digits or _.:@$#+-: " + preview(group));
    }
    return group;
  }

  /** The required {@code properties}: a JSON object of at least one property, pushed as {@code Response_VM}. */
  JsonNode properties() {
    JsonNode value = fields.get("properties");
    if (value == null || !value.isObject() || value.isEmpty()) {
      throw new BadRequestException("properties", "properties must be a JSON object with at least one property, e.g. {\"Message\":\"hello\"}");
    }
    return value;
  }

  /** Optional whole seconds within {@code [0, max]}; {@code absent} when not given. */
  int seconds(String name, int absent, int max) {
    JsonNode value = fields.get(name);
    if (value == null || value.isNull()) return absent;
    // canConvertToInt first: a huge integer's asInt would wrap around into the range.
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0 || value.asInt() > max) {
      throw new BadRequestException(name, name + " must be a whole number of seconds between 0 and " + max);
    }
    return value.asInt();
  }

  private static String preview(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
