package io.hubscope.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.cluster.SharedKey;
import io.hubscope.hub.connection.ConnectionInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EnvelopeCodecTests {

  final EnvelopeCodec codec = new EnvelopeCodec(2048);
  final JsonMapper json = JsonMapper.builder().build();

  @Test
  void join_carriesTheMemberAsTheOwnerNeedsIt() {
    ConnectionInfo member = new ConnectionInfo("c1", "10.0.0.7", 5123, "agent/1", Map.of("x-room", "blue"),
        "WebSockets", "json");
    Envelope join = Envelope.toOwner(Envelope.Kind.JOIN, "b", "3:t:a", new SharedKey("Chat", "$vm:Chat"), member,
        json.readTree("{\"Room\":\"blue\"}"), json.readTree("{\"h\":1}"), null, 42);

    Envelope read = codec.read(codec.write(join));

    assertThat(read).isEqualTo(join);
    assertThat(read.connection()).isEqualTo(member);
    assertThat(read.key()).isEqualTo(new SharedKey("Chat", "$vm:Chat"));
  }

  @Test
  void groupMessages_roundTrip() {
    Envelope push = Envelope.vmGroup("a", "1:t:a", new SharedKey("Chat", "room"), "{\"A\":1}", List.of("c1"));
    Envelope send = Envelope.group("a", "news", List.of(), "Response_VM", List.of(json.readTree("[\"News\",\"{}\"]")));

    assertThat(codec.read(codec.write(push))).isEqualTo(push);
    assertThat(codec.read(codec.write(send))).isEqualTo(send);
  }

  @Test
  void oversizedOrMalformed_isRefused() {
    Envelope big = Envelope.toMember(Envelope.Kind.RESPOND, "a", "1:t:a", new SharedKey("Chat", "g"), "c1",
        "x".repeat(3000));
    assertThatThrownBy(() -> codec.write(big)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    assertThatThrownBy(() -> codec.read("{" + " ".repeat(3000) + "}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.read("{\"k\":\"NOPE\",\"s\":\"a\"}")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lease_keepsServerIdsWithColons() {
    Lease lease = Lease.parse("7:abcd:host:8081");
    assertThat(lease).isEqualTo(new Lease(7, "abcd", "host:8081"));
    assertThat(Lease.parse(lease.value())).isEqualTo(lease);
  }
}
