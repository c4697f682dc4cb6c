package io.hubscope.app.forward;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.app.AppServerApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * An app server told to redirect clients to proxies but given an empty shared secret (docker-compose
 * passes an unset {@code HUBSCOPE_SHARED_SECRET} on as empty) does not start, and says why: without
 * the secret no redirect token and no proxy's link proof could be checked.
 */
class RedirectWithoutSecretIT {

  @Test
  void emptySharedSecret_stopsStartupWithAClearMessage() {
    assertThatThrownBy(() -> new SpringApplicationBuilder(AppServerApplication.class).run(
        "--server.port=0", "--hubscope.app.redirect-to-proxies=true", "--hubscope.app.shared-secret="))
        .rootCause()
        .hasMessage("hubscope.app.redirect-to-proxies needs hubscope.app.shared-secret (HUBSCOPE_APP_SHARED_SECRET, "
            + "at least 16 characters, e.g. from: openssl rand -hex 24)");
  }
}
