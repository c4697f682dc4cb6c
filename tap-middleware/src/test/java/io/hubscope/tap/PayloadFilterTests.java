package io.hubscope.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PayloadFilterTests {

  static final JsonMapper JSON = JsonMapper.builder().build();
  final PayloadFilter filter = new PayloadFilter(4096, TapOptions.DEFAULT_REDACT_FIELDS, JSON);

  @Test
  void redacts_nestedFields_caseInsensitively() {
    PayloadFilter.Payload p = filter.ofJson(
        "{\"User\":{\"Name\":\"ann\",\"PassWord\":\"hunter2\"},\"Items\":[{\"TOKEN\":\"t1\",\"Keep\":1}],\"Secret\":{\"a\":1}}");
    JsonNode tree = JSON.readTree(p.text());
    assertThat(tree.at("/User/Name").asString()).isEqualTo("ann");
    assertThat(tree.at("/User/PassWord").asString()).isEqualTo(PayloadFilter.REDACTED);
    assertThat(tree.at("/Items/0/TOKEN").asString()).isEqualTo(PayloadFilter.REDACTED);
    assertThat(tree.at("/Items/0/Keep").asInt()).isEqualTo(1);
    assertThat(tree.at("/Secret").asString()).isEqualTo(PayloadFilter.REDACTED);
    assertThat(p.text()).doesNotContain("hunter2", "t1");
  }

  @Test
  void nameCheck_findsANameInAnyCase_atAnyPosition_withoutFalseMisses() {
    FieldNames password = new FieldNames(java.util.Set.of("password"));
    assertThat(password.foundIn("{\"PASSWORD\":1}")).isTrue();
    assertThat(password.foundIn("x=PassWord")).as("at the very end").isTrue();
    assertThat(password.foundIn("passwor")).as("shorter than the name").isFalse();
    assertThat(password.foundIn("")).isFalse();
    assertThat(new FieldNames(java.util.Set.of("key")).foundIn("\u212Aey")).as("Kelvin sign lower-cases to k").isTrue();
    FieldNames several = new FieldNames(java.util.Set.of("password", "token", "secret", "tolerance"));
    assertThat(several.foundIn("{\"Keep\":1}")).isFalse();
    assertThat(several.foundIn("{\"Tokens\":1}")).as("the second of two names with one first letter").isTrue();
    assertThat(several.foundIn("{\"toleranc\":1,\"sEcReT\":2}")).as("a later name after a near miss").isTrue();
    assertThat(several.foundIn("tttttoke")).isFalse();
    FieldNames cyrillic = new FieldNames(java.util.Set.of("пароль"));
    assertThat(cyrillic.foundIn("{\"ПАРОЛЬ\":1}")).as("a name outside ASCII").isTrue();
    assertThat(cyrillic.foundIn("{\"пар\":1}")).isFalse();
  }

  @Test
  void redacts_onlyTheConfiguredFields() {
    PayloadFilter custom = new PayloadFilter(4096, java.util.Set.of("Card"), JSON);
    PayloadFilter.Payload p = custom.ofJson("{\"card\":\"4111\",\"password\":\"p\"}");
    assertThat(JSON.readTree(p.text()).path("card").asString()).isEqualTo(PayloadFilter.REDACTED);
    assertThat(JSON.readTree(p.text()).path("password").asString()).isEqualTo("p");
  }

  @Test
  void leavesTextWithoutListedNamesAsItIs() {
    String json = "{ \"Pong\" : 1 }";
    assertThat(filter.ofJson(json)).isEqualTo(new PayloadFilter.Payload(json, false));
    assertThat(filter.ofJson("not json, password").text()).isEqualTo("not json, password");
  }

  @Test
  void truncates_toTheByteLimit_withoutSplittingACharacter() {
    PayloadFilter small = new PayloadFilter(10, TapOptions.DEFAULT_REDACT_FIELDS, JSON);
    PayloadFilter.Payload p = small.ofJson("\"ééééééééé\""); // 1 + 9 * 2 + 1 bytes
    assertThat(p.truncated()).isTrue();
    assertThat(p.text()).isEqualTo("\"éééé");
    assertThat(p.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(10);
    assertThat(small.ofJson("\"short\"")).isEqualTo(new PayloadFilter.Payload("\"short\"", false));
  }

  @Test
  void ofInvocation_givesTheCallsDataRedacted_ornullWithoutData() {
    byte[] update = HubProtocols.JSON.encode(new InvocationMessage(null, "Update_VM",
        List.of(JSON.getNodeFactory().stringNode("Login"), JSON.readTree("{\"Password\":\"p\",\"User\":\"u\"}"))));
    assertThat(JSON.readTree(filter.ofInvocation(update).text()))
        .isEqualTo(JSON.readTree("{\"Password\":\"[redacted]\",\"User\":\"u\"}"));
    byte[] dispose = HubProtocols.JSON.encode(new InvocationMessage(null, "Dispose_VM",
        List.of(JSON.getNodeFactory().stringNode("Login"))));
    assertThat(filter.ofInvocation(dispose)).isNull();
  }

  @Test
  void ofInvocation_takesTheDataTextAsSent_whateverItsTypeOrPosition() {
    String frame = "{\"type\":1,\"target\":\"Update_VM\",\"headers\":{\"a\":[1,{\"b\":2}]},"
        + "\"arguments\":[\"Chat\",{\"Text\":\"é <b>\",\"List\":[1,2,{\"x\":null}]}],\"invocationId\":\"7\"}\u001e";
    PayloadFilter.Payload p = filter.ofInvocation(frame.getBytes(StandardCharsets.UTF_8));
    assertThat(p.text()).isEqualTo("{\"Text\":\"é <b>\",\"List\":[1,2,{\"x\":null}]}");
    assertThat(filter.ofInvocation("{\"arguments\":[\"Vm\",42]}".getBytes(StandardCharsets.UTF_8)).text())
        .isEqualTo("42");
    assertThat(filter.ofInvocation("{\"arguments\":[\"Vm\",null]}".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(filter.ofInvocation("{\"arguments\":[]}".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(filter.ofInvocation("{\"type\":6}".getBytes(StandardCharsets.UTF_8))).isNull();
  }

  /** The second argument of a JSON-encoded invocation, as the tap encodes a client call. */
  static byte[] call(String method, String dataJson) {
    return HubProtocols.JSON.encode(new InvocationMessage(null, method,
        List.of(JSON.getNodeFactory().stringNode("Login"), JSON.readTree(dataJson))));
  }

  @Test
  void redacts_jsonInsideAStringArgument_asThePlainObjectShape() {
    String text = filter.ofInvocation(call("Update_VM", "{\"Submit\":\"{\\\"Password\\\":\\\"hunter2\\\",\\\"User\\\":\\\"u\\\"}\"}")).text();
    assertThat(text).doesNotContain("hunter2");
    JsonNode inner = JSON.readTree(JSON.readTree(text).path("Submit").asString());
    assertThat(inner).isEqualTo(JSON.readTree("{\"Password\":\"[redacted]\",\"User\":\"u\"}"));
  }

  @Test
  void redacts_aVmArgGivenAsAString_andAsAnObject_andTheHeaders() {
    String asString = filter.ofInvocation(call("Request_VM",
        "{\"$vmArg\":\"{\\\"Token\\\":\\\"t0p\\\"}\",\"$headers\":{\"Authorization\":\"Bearer abc\"}}")).text();
    assertThat(asString).doesNotContain("t0p", "abc");
    assertThat(JSON.readTree(JSON.readTree(asString).path("$vmArg").asString()).path("Token").asString())
        .isEqualTo(PayloadFilter.REDACTED);
    String asObject = filter.ofInvocation(call("Request_VM", "{\"$vmArg\":{\"Login\":{\"Secret\":\"s3\"}}}")).text();
    assertThat(JSON.readTree(asObject).at("/$vmArg/Login/Secret").asString()).isEqualTo(PayloadFilter.REDACTED);
  }

  @Test
  void redacts_stringWrappedJsonNestedInStringsAndArrays() {
    String twice = JSON.writeValueAsString(JSON.writeValueAsString("{\"password\":\"deep1\"}"));
    String text = filter.ofJson("{\"A\":" + twice + ",\"B\":[\"{\\\"token\\\":\\\"deep2\\\"}\", 3]}").text();
    assertThat(text).doesNotContain("deep1", "deep2");
    assertThat(JSON.readTree(text).at("/B/1").asInt()).isEqualTo(3);
  }

  @Test
  void redacts_wholeAStringNestedPastTheDepthLimit() {
    String wrapped = "{\"password\":\"deep\"}";
    for (int i = 0; i <= PayloadFilter.MAX_STRING_DEPTH; i++) wrapped = JSON.writeValueAsString(wrapped);
    String text = filter.ofJson("{\"A\":" + wrapped + "}").text();
    assertThat(text).doesNotContain("deep");
  }

  @Test
  void redacts_dottedUpdatePaths_whoseSegmentIsAListedName() {
    String text = filter.ofInvocation(call("Update_VM",
        "{\"User.Password\":\"p1\",\"Items.$3.Token\":\"p2\",\"User.Name\":\"ann\"}")).text();
    JsonNode tree = JSON.readTree(text);
    assertThat(tree.path("User.Password").asString()).isEqualTo(PayloadFilter.REDACTED);
    assertThat(tree.path("Items.$3.Token").asString()).isEqualTo(PayloadFilter.REDACTED);
    assertThat(tree.path("User.Name").asString()).isEqualTo("ann");
  }

  @Test
  void redacts_namesSpelledWithUnicodeEscapes() {
    String text = filter.ofJson("{\"Pass\\u0077ord\":\"hunter2\",\"S\":\"{\\\"T\\\\u006fken\\\":\\\"t1\\\"}\"}").text();
    assertThat(text).doesNotContain("hunter2", "t1");
  }

  @Test
  void redacts_wholeAStringThatAssignsANameButIsNotJson() {
    String text = filter.ofInvocation(call("Update_VM",
        "{\"Broken\":\"{\\\"Password\\\":\\\"hunter2\\\"\",\"Form\":\"user=a&password=hunter3\",\"Js\":\"{'secret': 'x9'}\"}")).text();
    assertThat(text).doesNotContain("hunter2", "hunter3", "x9");
    JsonNode tree = JSON.readTree(text);
    assertThat(tree.path("Broken").asString()).isEqualTo(PayloadFilter.REDACTED);
    assertThat(tree.path("Form").asString()).isEqualTo(PayloadFilter.REDACTED);
    assertThat(tree.path("Js").asString()).isEqualTo(PayloadFilter.REDACTED);
  }

  @Test
  void redacts_jsonFollowedByMoreText_inAString() {
    String text = filter.ofJson("{\"A\":\"{\\\"x\\\":1} {\\\"Password\\\":\\\"hunter2\\\"}\"}").text();
    assertThat(text).doesNotContain("hunter2");
  }

  @Test
  void keepsProseThatOnlyMentionsAName() {
    String json = "{\"Text\":\"I forgot my password again\"}";
    assertThat(filter.ofJson(json).text()).isEqualTo(json);
    assertThat(filter.ofInvocation(call("Update_VM", json)).text()).isEqualTo(json);
  }

  @Test
  void redacts_aStringGivenAsTheWholeData() {
    String text = filter.ofInvocation(call("Update_VM", "\"{\\\"Password\\\":\\\"hunter2\\\"}\"")).text();
    assertThat(text).doesNotContain("hunter2");
    assertThat(JSON.readTree(JSON.readTree(text).asString()).path("Password").asString())
        .isEqualTo(PayloadFilter.REDACTED);
    assertThat(filter.ofInvocation("{\"arguments\":[\"Vm\",\"plain\"]}".getBytes(StandardCharsets.UTF_8)).text())
        .isEqualTo("\"plain\"");
  }

  @Test
  void asciiCallData_goesAsTheFramesBytes_exactlyAsTheTextPathWritesIt() throws Exception {
    java.util.Random random = new java.util.Random(29);
    PayloadFilter small = new PayloadFilter(48, TapOptions.DEFAULT_REDACT_FIELDS, JSON);
    int asBytes = 0;
    for (int n = 0; n < 3000; n++) {
      tools.jackson.databind.node.ObjectNode data = JSON.createObjectNode();
      for (int k = random.nextInt(4); k >= 0; k--) data.put(asciiText(random), random.nextBoolean() ? asciiText(random) : "1");
      byte[] frame = call("Update_VM", JSON.writeValueAsString(data));
      int length = frame.length - 1;
      long span = DataArgument.span(frame, length);
      String slice = new String(frame, DataArgument.start(span), DataArgument.end(span) - DataArgument.start(span),
          StandardCharsets.UTF_8);
      for (PayloadFilter f : List.of(filter, small)) {
        PayloadFilter.Payload viaBytes = f.ofInvocation(frame);
        PayloadFilter.Payload viaText = f.ofJson(slice);
        assertThat(viaBytes).as(slice).isEqualTo(viaText);
        assertThat(written(viaBytes)).as(slice).isEqualTo(written(viaText));
        if (viaBytes.heldAsBytes()) asBytes++;
      }
    }
    assertThat(asBytes).as("calls that took the bytes path").isGreaterThan(800); // 1,094 of 6,000 with this seed
    // Anything outside plain ASCII takes the text path: a name, a Unicode escape, a non-ASCII character.
    assertThat(filter.ofInvocation(call("Update_VM", "{\"Keep\":\"Pass\\u0077ord\"}")).heldAsBytes()).isFalse();
    assertThat(filter.ofInvocation(call("Update_VM", "{\"Keep\":\"\u00e9\"}")).heldAsBytes()).isFalse();
    assertThat(filter.ofInvocation(call("Update_VM", "{\"Keep\":\"x\"}")).heldAsBytes()).isTrue();
    // An escape in the frame itself cannot hide a listed name from the bytes path.
    byte[] escaped = "{\"type\":1,\"target\":\"Update_VM\",\"arguments\":[\"Vm\",{\"Pass\\u0077ord\":\"hunter2\"}]}\u001e"
        .getBytes(StandardCharsets.US_ASCII);
    assertThat(filter.ofInvocation(escaped).text()).isEqualTo("{\"Password\":\"[redacted]\"}");
    assertThat(filter.ofInvocation(call("Update_VM", "{\"ToKeN\":\"x\"}")).text()).isEqualTo("{\"ToKeN\":\"[redacted]\"}");
  }

  @Test
  void nameCheck_onAsciiBytes_agreesWithTheTextCheck_andTheTextCheckKeepsUnicodeCaseFolding() {
    FieldNames names = new FieldNames(TapOptions.DEFAULT_REDACT_FIELDS);
    java.util.Random random = new java.util.Random(31);
    for (int n = 0; n < 5000; n++) {
      String text = asciiText(random);
      byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
      assertThat(names.foundIn(bytes, 2, bytes.length - 2)).as(text).isEqualTo(names.foundIn(text));
      assertThat(names.foundIn(text)).as(text).isEqualTo(TapOptions.DEFAULT_REDACT_FIELDS.stream()
          .anyMatch(name -> text.toLowerCase(java.util.Locale.ROOT).contains(name)));
    }
    // A long s upper-cases to S: regionMatches counts it as an s, and so does the check.
    assertThat(names.foundIn("{\"pa\u017f\u017fword\":1}")).isTrue();
    assertThat(names.ascii()).isTrue();
    assertThat(new FieldNames(java.util.Set.of("\u017fecret")).ascii()).isFalse();
  }

  @Test
  void nameCheck_thatSkips_findsWhatAComparisonAtEveryPositionFinds() {
    // Name sets whose names share letters, overlap and differ in length (the skip is the shortest's),
    // and texts built from their pieces, digits, and characters outside ASCII that fold to ASCII
    // letters (Kelvin sign, long s, dotted and dotless i) or do not (Cyrillic).
    List<Set<String>> sets = List.of(TapOptions.DEFAULT_REDACT_FIELDS, Set.of("key"), Set.of("aab", "abab", "bbbbba"),
        Set.of("tok", "token", "kent"), Set.of("s", "password"), Set.of("is", "iss", "kiss"));
    String[] pieces = {"a", "b", "A", "B", "k", "K", "s", "S", "t", "o", "e", "n", "i", "I", "1", "2", "\"", "{", ":",
        "\u212A", "\u017f", "\u0130", "\u0131", "\u043f", "PassWord", "tok", "TOKEN", "secRet", "AUTHORIZATION", "aab",
        "abab", "bbbbba", "kent", "kiss"};
    java.util.Random random = new java.util.Random(47);
    for (Set<String> set : sets) {
      FieldNames names = new FieldNames(set);
      for (int n = 0; n < 4000; n++) {
        StringBuilder b = new StringBuilder();
        for (int k = random.nextInt(12); k > 0; k--) b.append(pieces[random.nextInt(pieces.length)]);
        String text = b.toString();
        boolean found = names.foundIn(text);
        // Never misses a name a key lower-cased would spell (what redaction compares), never finds one
        // that no case-insensitive comparison finds; the two agree on ASCII.
        if (everywhere(text, set, false)) assertThat(found).as("%s in %s", set, text).isTrue();
        if (!everywhere(text, set, true)) assertThat(found).as("%s in %s", set, text).isFalse();
        if (text.chars().allMatch(c -> c < 128)) {
          byte[] bytes = ("\u00e9" + text + "9").getBytes(StandardCharsets.UTF_8);
          assertThat(names.foundIn(bytes, 2, bytes.length - 1)).as("%s in the bytes of %s", set, text).isEqualTo(found);
        }
      }
    }
  }

  /**
   * The references: a name at some position, each character lower-cased ({@code regionMatches:
   * false}), or compared as {@code regionMatches} ignoring case does (true: upper case too).
   */
  private static boolean everywhere(String text, Set<String> names, boolean regionMatches) {
    for (int i = 0; i < text.length(); i++) {
      for (String name : names) {
        if (regionMatches ? text.regionMatches(true, i, name, 0, name.length()) : lowerAt(text, i, name)) return true;
      }
    }
    return false;
  }

  private static boolean lowerAt(String text, int at, String name) {
    if (at + name.length() > text.length()) return false;
    for (int k = 0; k < name.length(); k++) {
      if (Character.toLowerCase(text.charAt(at + k)) != name.charAt(k)) return false;
    }
    return true;
  }

  /** ASCII text with what matters: quotes, backslashes, controls, DEL, and the listed names' letters in any case. */
  private static String asciiText(java.util.Random random) {
    String[] parts = {"a", "S", "t", "p", "\"", "\\", "/", "\n", "\t", "\u0001", "\u007f", " ", "{", "]", ":",
        "PassWord", "tok", "secRet", "AUTHORIZATION", "to", "ken"};
    StringBuilder s = new StringBuilder();
    for (int k = random.nextInt(8); k > 0; k--) s.append(parts[random.nextInt(parts.length)]);
    return s.toString();
  }

  private static String written(PayloadFilter.Payload p) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (tools.jackson.core.JsonGenerator g = JSON.createGenerator(bytes)) {
      p.writeTo(g);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
