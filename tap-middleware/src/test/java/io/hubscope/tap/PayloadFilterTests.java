package io.hubscope.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
}
