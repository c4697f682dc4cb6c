package io.hubscope.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class DataArgumentTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JSON.getNodeFactory();

  @Test
  void findsTheSecondArgument_asTheStreamingParserDoes_forEncodedCalls() {
    Random random = new Random(17);
    for (int n = 0; n < 2000; n++) {
      List<JsonNode> args = new ArrayList<>();
      args.add(NODES.stringNode(randomText(random)));
      if (random.nextInt(10) > 0) args.add(randomValue(random, 0));
      if (random.nextInt(4) == 0) args.add(randomValue(random, 0));
      byte[] frame = HubProtocols.JSON.encode(new InvocationMessage(random.nextBoolean() ? null : "7", "Update_VM", args));
      String expected = args.size() < 2 || args.get(1).isNull() ? null : JSON.writeValueAsString(args.get(1));
      assertThat(text(frame)).as("frame %s", new String(frame, StandardCharsets.UTF_8)).isEqualTo(expected);
    }
  }

  @Test
  void takesTheArgumentsPropertyWhereverItIs_andOnlyAtTheTop() {
    assertThat(text("{\"type\":1,\"headers\":{\"arguments\":[\"x\",\"inner\"]},\"arguments\":[\"Vm\",{\"a\":\"]},[{\"}],"
        + "\"invocationId\":\"7\"}")).isEqualTo("{\"a\":\"]},[{\"}");
    assertThat(text("{ \"arguments\" : [ \"V\\\"m\" , [1, 2.5e3, true, false] ] }")).isEqualTo("[1, 2.5e3, true, false]");
    assertThat(text("{\"arguments\":[\"Vm\",\"a \\\\\\\" b\"]}")).isEqualTo("\"a \\\\\\\" b\"");
    assertThat(text("{\"arguments\":\"not an array\",\"arguments\":[\"Vm\",-1]}")).isEqualTo("-1");
  }

  @Test
  void hasNoSpan_withoutASecondArgumentOrWhenItIsNull() {
    for (String frame : List.of("{\"arguments\":[\"Vm\"]}", "{\"arguments\":[]}", "{\"arguments\":[\"Vm\",null]}",
        "{\"type\":6}", "{}", "[]")) {
      assertThat(DataArgument.span(bytes(frame), frame.length())).as(frame).isEqualTo(DataArgument.NONE);
    }
  }

  @Test
  void leavesWhatItCannotTellToTheParser() {
    for (String frame : List.of("{\"argu\\u006dents\":[\"Vm\",1]}", "{\"arguments\":[\"Vm\",{\"a\":1", "{\"arguments\":[\"Vm\",",
        "{\"arguments\":[\"Vm\",\"open", "{\"arguments\" [1,2]}", "{\"a\":1 \"arguments\":[1,2]}", "")) {
      assertThat(DataArgument.span(bytes(frame), frame.length())).as(frame).isEqualTo(DataArgument.UNSURE);
    }
    // The filter parses those frames instead: an escaped name is still found.
    PayloadFilter filter = new PayloadFilter(4096, TapOptions.DEFAULT_REDACT_FIELDS, JSON);
    assertThat(filter.ofInvocation(bytes("{\"argu\\u006dents\":[\"Vm\",{\"Password\":\"p\"}]}")).text())
        .isEqualTo("{\"Password\":\"[redacted]\"}");
  }

  private static String text(String frame) {
    return text(bytes(frame));
  }

  private static String text(byte[] frame) {
    int length = frame[frame.length - 1] == 0x1E ? frame.length - 1 : frame.length;
    long span = DataArgument.span(frame, length);
    assertThat(span).isNotEqualTo(DataArgument.UNSURE);
    if (span == DataArgument.NONE) return null;
    int start = DataArgument.start(span);
    return new String(frame, start, DataArgument.end(span) - start, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 5 : 7);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextInt());
      case 3 -> NODES.numberNode(random.nextDouble() * 1e6 - 5e5);
      case 4 -> NODES.stringNode(randomText(random));
      case 5 -> {
        ObjectNode o = NODES.objectNode();
        for (int k = random.nextInt(4); k > 0; k--) o.set(randomText(random), randomValue(random, depth + 1));
        yield o;
      }
      default -> {
        ArrayNode a = NODES.arrayNode();
        for (int k = random.nextInt(4); k > 0; k--) a.add(randomValue(random, depth + 1));
        yield a;
      }
    };
  }

  /** Text with the characters that matter to a scanner: quotes, backslashes, brackets, non-ASCII, controls. */
  private static String randomText(Random random) {
    String alphabet = "ab\"\\{}[],: é\u00a0\n\t\u0001\u2028😀arguments";
    StringBuilder s = new StringBuilder();
    for (int k = random.nextInt(12); k > 0; k--) {
      int at = random.nextInt(alphabet.length());
      if (Character.isHighSurrogate(alphabet.charAt(at))) s.append(alphabet, at, at + 2);
      else if (!Character.isLowSurrogate(alphabet.charAt(at))) s.append(alphabet.charAt(at));
    }
    return s.toString();
  }
}
