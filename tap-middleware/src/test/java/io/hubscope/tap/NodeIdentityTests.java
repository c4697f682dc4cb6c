package io.hubscope.tap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

class NodeIdentityTests {

  @Test
  void id_isNameAtAddress_theSameForEveryProcess_whileStartedAtTellsTheProcessesApart() {
    long before = System.currentTimeMillis();
    NodeIdentity first = NodeIdentity.of("proxy", "proxy-1", "10.0.0.5:8082");
    NodeIdentity restarted = NodeIdentity.of("proxy", "proxy-1", "10.0.0.5:8082");
    long after = System.currentTimeMillis();

    assertThat(first.id()).isEqualTo("proxy-1@10.0.0.5:8082").isEqualTo(restarted.id());
    assertThat(first.startedAt()).isBetween(before, after);
  }

  @Test
  void write_sendsTheIdAndTheStartOfThisProcess() {
    NodeIdentity node = new NodeIdentity("proxy-1@10.0.0.5:8082", "proxy", "proxy-1", "10.0.0.5:8082", 1_764_000_000_000L);
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = JsonMapper.builder().build().createGenerator(out)) {
      gen.writeStartObject();
      node.write(gen);
      gen.writeEndObject();
    }

    assertThat(out.toString()).isEqualTo("{\"id\":\"proxy-1@10.0.0.5:8082\",\"role\":\"proxy\",\"name\":\"proxy-1\","
        + "\"address\":\"10.0.0.5:8082\",\"startedAt\":1764000000000}");
  }
}
