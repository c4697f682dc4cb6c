package io.hubscope.loadtest.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class VmResponseTests {

  static final JsonMapper MAPPER = JsonMapper.builder().build();

  static VmResponse response(String vmId, String state) {
    return VmResponse.of(List.of(MAPPER.createArrayNode().add(vmId).add(state)));
  }

  @Test
  void error_isTheViewModelsExceptionTypeAndMessage() {
    VmResponse.VmError error = response("EchoVM", "{\"ExceptionType\":\"UnknownVMTypeException\",\"Message\":\"no \\\"EchoVM\\\"\"}")
        .error(new JsonCursor());

    assertThat(error).isEqualTo(new VmResponse.VmError("UnknownVMTypeException", "no \"EchoVM\""));
  }

  @Test
  void error_isNullForAnyOtherState() {
    JsonCursor cursor = new JsonCursor();

    assertThat(response("EchoVM", "{\"Ping\":{\"ExceptionType\":1}}").error(cursor)).isNull();
    assertThat(response("EchoVM", "{\"Message\":\"hi\"}").error(cursor)).isNull();
    assertThat(response("EchoVM", "[1,2]").error(cursor)).isNull();
    assertThat(response("EchoVM", "\"text\"").error(cursor)).isNull();
  }

  @Test
  void error_refusesAStateThatIsNotOneJsonText() {
    assertThatThrownBy(() -> response("EchoVM", "{\"Ping\":1").error(new JsonCursor())).isInstanceOf(MalformedJsonException.class);
    assertThatThrownBy(() -> response("EchoVM", "{} {}").error(new JsonCursor())).isInstanceOf(MalformedJsonException.class);
    assertThatThrownBy(() -> response("EchoVM", "").error(new JsonCursor())).isInstanceOf(MalformedJsonException.class);
  }

  @Test
  void of_isNullForAMalformedResponse() {
    assertThat(VmResponse.of(List.of())).isNull();
    assertThat(VmResponse.of(List.of((JsonNode) MAPPER.createArrayNode().add("EchoVM")))).isNull();
    assertThat(VmResponse.of(List.of((JsonNode) MAPPER.createObjectNode()))).isNull();
  }
}
