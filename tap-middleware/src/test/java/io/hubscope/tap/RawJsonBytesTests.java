package io.hubscope.tap;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.protocol.HubProtocols;
import io.hubscope.hub.protocol.InvocationMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.POJONode;
import tools.jackson.databind.util.RawValue;

class RawJsonBytesTests {

  private static final String BATCH = "{\"events\":[{\"payload\":\"caf\u00e9 \ud83d\ude00 \\\"q\\\"\",\"n\":1}]}";

  @Test
  void anInvocationCarriesTheBytesAsTheyAre_asItDidTheText() {
    byte[] viaText = HubProtocols.JSON.encode(new InvocationMessage(null, "Observe",
        List.of(new POJONode(new RawValue(BATCH)))));
    byte[] viaBytes = HubProtocols.JSON.encode(new InvocationMessage(null, "Observe",
        List.of(new POJONode(new RawValue(new RawJsonBytes(BATCH.getBytes(StandardCharsets.UTF_8)))))));

    assertThat(new String(viaBytes, StandardCharsets.UTF_8)).isEqualTo(new String(viaText, StandardCharsets.UTF_8))
        .contains("\"arguments\":[" + BATCH + "]");
  }

  @Test
  void appendsOnlyWhereItFits_andDecodesForCharacterForms() {
    RawJsonBytes raw = new RawJsonBytes("[1,\"\u00e9\"]".getBytes(StandardCharsets.UTF_8));
    byte[] small = new byte[4];
    assertThat(raw.appendUnquotedUTF8(small, 0)).isEqualTo(-1);
    byte[] big = new byte[16];
    assertThat(raw.appendUnquotedUTF8(big, 2)).isEqualTo(8);
    assertThat(new String(big, 2, 8, StandardCharsets.UTF_8)).isEqualTo("[1,\"\u00e9\"]");
    assertThat(raw.getValue()).isEqualTo("[1,\"\u00e9\"]");
    assertThat(raw.charLength()).isEqualTo(7);
    assertThat(new String(raw.asQuotedChars())).isEqualTo("[1,\\\"\u00e9\\\"]");
  }
}
