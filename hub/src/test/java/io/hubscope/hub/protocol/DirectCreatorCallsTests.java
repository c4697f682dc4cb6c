package io.hubscope.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

class DirectCreatorCallsTests {

  final JsonMapper mapper = JsonMappers.builder().build();

  public record Point(int x, double y, String label) {}

  public record Checked(int value) {
    public Checked {
      if (value < 0) throw new IllegalArgumentException("value must not be negative: " + value);
    }
  }

  public record Broken(int value) {
    public Broken {
      throw new AssertionError("an Error from the creator");
    }
  }

  public record Traced(int value, StackTraceElement[] calledFrom) {
    @JsonCreator
    public static Traced of(@JsonProperty("value") int value) {
      return new Traced(value, new Throwable().getStackTrace());
    }
  }

  private record Hidden(String name, long count) {}

  @Test
  void recordsAndFactoriesAreCreatedFromTheirProperties() {
    assertThat(mapper.readValue("{\"x\":1,\"y\":2.5,\"label\":\"a\"}", Point.class)).isEqualTo(new Point(1, 2.5, "a"));
    assertThat(mapper.readValue("{\"x\":1,\"y\":2.5}", Point.class)).isEqualTo(new Point(1, 2.5, null));
    assertThat(mapper.readValue("{\"value\":7}", Traced.class).value()).isEqualTo(7);
    assertThat(mapper.readValue("{\"name\":\"n\",\"count\":3}", Hidden.class)).isEqualTo(new Hidden("n", 3));
  }

  @Test
  void creatorIsCalledWithoutSpreadingMethodHandles() {
    Traced traced = mapper.readValue("{\"value\":1}", Traced.class);

    assertThat(Arrays.stream(traced.calledFrom()).map(StackTraceElement::getMethodName))
        .doesNotContain("invokeWithArguments");
  }

  @Test
  void aCreatorsExceptionIsReportedAsJacksonReportsIt() {
    assertThatThrownBy(() -> mapper.readValue("{\"value\":-1}", Checked.class))
        .isInstanceOf(DatabindException.class)
        .hasMessageContaining("value must not be negative: -1")
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCreatorsErrorPropagates() {
    assertThatThrownBy(() -> mapper.readValue("{\"value\":1}", Broken.class))
        .isInstanceOf(AssertionError.class)
        .hasMessage("an Error from the creator");
  }
}
