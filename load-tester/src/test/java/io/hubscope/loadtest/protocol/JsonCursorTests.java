package io.hubscope.loadtest.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonCursorTests {

  static final byte[] PING = JsonCursor.name("Ping");
  static final byte[] SEQUENCE = JsonCursor.name("Sequence");
  static final byte[] TIME = JsonCursor.name("Time");

  static JsonCursor cursor(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return new JsonCursor().reset(bytes, 0, bytes.length);
  }

  static void skipAll(String json) {
    JsonCursor c = cursor(json);
    c.skipValue();
    c.expectEnd();
  }

  @Test
  void findField_stopsAtTheValueWhateverComesBefore() {
    JsonCursor c = cursor(" { \"PingInterval\" : 1, \"Other\":{\"Ping\":[1,{\"a\":null}]},\n\"Ping\":{\"Time\":1.5e3,\"Sequence\":42}}");

    assertThat(c.findField(PING)).isTrue();
    assertThat(c.enterObject()).isTrue();
    assertThat(c.nextField()).isTrue();
    assertThat(c.nameIs(TIME)).isTrue();
    assertThat(c.doubleValue()).isEqualTo(1500.0);
    assertThat(c.nextField()).isTrue();
    assertThat(c.nameIs(SEQUENCE)).isTrue();
    assertThat(c.longValue()).isEqualTo(42);
    assertThat(c.nextField()).isFalse();
  }

  @Test
  void findField_isFalseForAMissingMemberOrANonObject() {
    assertThat(cursor("{\"Pong\":{\"Ping\":1}}").findField(PING)).isFalse();
    assertThat(cursor("[{\"Ping\":1}]").findField(PING)).isFalse();
    assertThat(cursor("{}").findField(PING)).isFalse();
  }

  @Test
  void markAndPosition_spanAValueExactlyAsWritten() {
    String ping = "{\"ConnectionId\":\"a\\\"b\",\"Time\":1765051234567.1235}";
    JsonCursor c = cursor("{\"Ping\":  " + ping + " }");

    c.findField(PING);
    int start = c.mark();
    c.skipValue();

    assertThat(new String(c.bytes(), start, c.position() - start, StandardCharsets.UTF_8)).isEqualTo(ping);
  }

  @Test
  void strings_areDecodedWithEveryEscape() {
    String json = "\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\u20AC \\ud83d\\ude00 é €\"";
    String expected = "q\" b\\ s/ \b\f\n\r\t é € \uD83D\uDE00 é €";

    assertThat(cursor(json).stringValue()).isEqualTo(expected);
    assertThat(cursor(json).stringEquals(expected.getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(cursor(json).stringEquals("q".getBytes(StandardCharsets.UTF_8))).isFalse();
    ByteBuilder out = new ByteBuilder(4);
    cursor(json).decodeString(out);
    assertThat(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void decodeString_givesTheJsonTextAStringHolds() {
    String state = "{\"Ping\":{\"ConnectionId\":\"x\",\"Sequence\":7}}";
    ByteBuilder out = new ByteBuilder(16);

    cursor("\"" + state.replace("\"", "\\\"") + "\"").decodeString(out);

    assertThat(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8)).isEqualTo(state);
  }

  @Test
  void loneSurrogates_decodeToAQuestionMarkAsStringGetBytesDoes() {
    ByteBuilder out = new ByteBuilder(4);
    cursor("\"a\\ud83db\"").decodeString(out);

    assertThat(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8)).isEqualTo("a?b");
  }

  @Test
  void names_matchAlsoWhenEscaped() {
    JsonCursor c = cursor("{\"\\u0050ing\":1}");
    c.enterObject();
    c.nextField();

    assertThat(c.nameIs(PING)).isTrue();
    assertThat(c.nameIs(TIME)).isFalse();
  }

  @Test
  void integers_areExactAndFractionsAreCutOffAsJacksonsAsLongDoes() {
    assertThat(cursor("0").longValue()).isZero();
    assertThat(cursor("-17").longValue()).isEqualTo(-17);
    assertThat(cursor("123456789012345678").longValue()).isEqualTo(123456789012345678L);
    assertThat(cursor("9007199254740993").longValue()).isEqualTo(9007199254740993L);
    assertThat(cursor("41.9").longValue()).isEqualTo(41);
    assertThat(cursor("-41.9").longValue()).isEqualTo(-41);
    assertThat(cursor("4.2e1").longValue()).isEqualTo(42);
    assertThat(cursor("7").integerValue()).isEqualTo(7);
    assertThatThrownBy(() -> cursor("1.0").integerValue()).isInstanceOf(MalformedJsonException.class);
    assertThatThrownBy(() -> cursor("1e2").integerValue()).isInstanceOf(MalformedJsonException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0", "1", "0.5", "-2.25", "1765051234567.1235", "1.7650512345671235E12", "0.8722999999999999",
      "1e22", "1e23", "123456789012345678901234567890", "4.9e-324", "1.7976931348623157e308", "2.2250738585072014E-308",
      "0.000001", "9007199254740993", "3.141592653589793238462643383279"})
  void doubles_areTheOnesDoubleParseDoubleGives(String number) {
    assertThat(cursor(number).doubleValue()).isEqualTo(Double.parseDouble(number));
  }

  @Test
  void doubles_matchDoubleParseDoubleForManyRandomValuesAsJavaAndPlainDecimalsWriteThem() {
    SplittableRandom random = new SplittableRandom(17);
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      double value = switch (i % 4) {
        case 0 -> random.nextDouble() * 10;
        case 1 -> 1.7e12 + random.nextDouble() * 1e11;
        case 2 -> Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL);
        default -> random.nextInt(1_000_000) / 1000.0;
      };
      numbers.add(Double.toString(value));
      numbers.add(new BigDecimal(value).toPlainString());
    }
    for (String number : numbers) {
      assertThat(cursor(number).doubleValue()).as(number).isEqualTo(Double.parseDouble(number));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{a:1}", "[1,]", "[1 2]", "{\"a\":1",
      "\"unterminated", "\"tab\there\"", "\"bad \\x escape\"", "\"bad \\u12g4\"", "\"short \\u12\"", "tru", "nul",
      "falsy", "01", "1.", ".5", "-", "1e", "+1", "{\"a\":1}}", "[1] [2]", ""})
  void malformedJson_isRefusedAtTheFirstBadByte(String json) {
    assertThatThrownBy(() -> skipAll(json)).isInstanceOf(MalformedJsonException.class).hasMessageContaining("offset");
  }

  /** The offset named is the bad byte's: the text's end, the tab, the escape's backslash. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"\"unterminated|13", "\"tab\there\"|4", "\"bad \\x escape\"|5",
      "\"esc \\\"then end|15"})
  void decodeString_refusesWhatScanningRefuses_atTheBadByte(String json, int offset) {
    assertThatThrownBy(() -> cursor(json).decodeString(new ByteBuilder(16))).isInstanceOf(MalformedJsonException.class)
        .hasMessageMatching("(?s).*at offset " + offset + "(\\D.*)?");
  }

  @Test
  void nesting_isBoundedAsJacksonBoundsIt() {
    assertThatThrownBy(() -> skipAll("[".repeat(600) + "]".repeat(600)))
        .isInstanceOf(MalformedJsonException.class).hasMessageContaining("500");
    skipAll("[".repeat(400) + "]".repeat(400));
  }

  @Test
  void wellFormedJson_isSkippedWhole() {
    skipAll(" {\"a\":[true,false,null,-1.5E-3,\"\\\"\",{}],\"b\":{\"c\":[]}} ");
  }
}
