package io.hubscope.observer.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.observer.system.BadRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionQueryTests {

  @Test
  void from_defaultsToActiveNewestFirst() {
    ConnectionQuery q = ConnectionQuery.from(Map.of());
    assertThat(q.state()).isEqualTo("active");
    assertThat(q.sortField()).isEqualTo("openedAt");
    assertThat(q.descending()).isTrue();
    assertThat(q.size()).isEqualTo(50);
  }

  @Test
  void from_refusesUnknownStateSortFieldDirectionAndBadPaging() {
    assertThatThrownBy(() -> ConnectionQuery.from(Map.of("state", "gone")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("state must be one of active, closed");
    assertThatThrownBy(() -> ConnectionQuery.from(Map.of("sort", "password,asc")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("sort field");
    assertThatThrownBy(() -> ConnectionQuery.from(Map.of("sort", "msgsIn,up")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("asc or desc");
    assertThatThrownBy(() -> ConnectionQuery.from(Map.of("size", "100000")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("size must be between 1 and 500");
    assertThatThrownBy(() -> ConnectionQuery.from(Map.of("transport", "Carrier pigeon")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("transport must be one of WebSockets, ServerSentEvents, LongPolling");
    assertThatThrownBy(() -> ConnectionQuery.from(Map.of("page", "x")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("page must be a whole number between 0 and 1000000: x");
  }
}
