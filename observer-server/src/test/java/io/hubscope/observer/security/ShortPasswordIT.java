package io.hubscope.observer.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.observer.ObserverApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** An observer given a short password does not start, and says why. */
class ShortPasswordIT {

  @Test
  void passwordUnder12Characters_stopsStartupWithAClearMessage() {
    assertThatThrownBy(() -> new SpringApplicationBuilder(ObserverApplication.class).run(
        "--server.port=0", "--hubscope.observer.password=change-me",
        "--spring.datasource.url=jdbc:h2:mem:short-${random.uuid};DB_CLOSE_DELAY=-1"))
        .rootCause()
        .hasMessage("hubscope.observer.password (HUBSCOPE_OBSERVER_PASSWORD) has 9 characters; at least 12 "
            + "are required (leave it unset to have a random one generated)");
  }
}
