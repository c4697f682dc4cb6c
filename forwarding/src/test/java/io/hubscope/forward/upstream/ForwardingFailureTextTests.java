package io.hubscope.forward.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** What a sender reads when forwarding failed for a reason other than a refusal, a timeout or a closed link. */
class ForwardingFailureTextTests {

  @Test
  void anExceptionWithoutAMessage_saysTheConnectionWasLost_notNull() {
    assertThat(OutboundPooledConnection.failure(new ClosedChannelException()))
        .isEqualTo("The connection to the app server was lost; the call may not have been processed"
            + " (ClosedChannelException)")
        .doesNotContain("null");
    assertThat(OutboundPooledConnection.failure(new IllegalStateException())).doesNotContain("null")
        .contains("IllegalStateException");
  }

  @Test
  void anExceptionWithAMessage_isPassedOn() {
    assertThat(OutboundPooledConnection.failure(new IOException("Broken pipe"))).isEqualTo("Forwarding failed: Broken pipe");
  }
}
