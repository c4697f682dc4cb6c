package io.hubscope.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.hub.connection.CloseReason;
import io.hubscope.hub.connection.HubConnection;
import io.hubscope.hub.pipeline.DisconnectionMiddleware;
import io.hubscope.hub.pipeline.Middleware;
import org.junit.jupiter.api.Test;

class HubServerBuilderTests {

  @Test
  void sameMiddlewareAddedTwice_runsOnce() {
    Middleware m = (ctx, next) -> next.proceed(ctx);
    DisconnectionMiddleware d = (HubConnection c, CloseReason r, String e) -> {};
    HubServerBuilder builder = HubServer.builder().middleware(m).middleware(m).disconnectionMiddleware(d)
        .disconnectionMiddleware(d).middleware((ctx, next) -> next.proceed(ctx));
    assertThat(builder.middlewares).hasSize(2).first().isSameAs(m);
    assertThat(builder.disconnectionMiddlewares).hasSize(1);
  }

  @Test
  void badSettings_failFast() {
    assertThatThrownBy(() -> HubServer.builder().path("dotnetify")).hasMessageContaining("path must start");
    assertThatThrownBy(() -> HubServer.builder().method("Observe", c -> null).method("Observe", c -> null))
        .hasMessageContaining("already registered: Observe");
  }
}
