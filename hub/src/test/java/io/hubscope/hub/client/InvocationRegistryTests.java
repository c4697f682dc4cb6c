package io.hubscope.hub.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.protocol.CompletionMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The registry with one invocation in its slot and others in its map: each is found, once. */
class InvocationRegistryTests {

  final InvocationRegistry registry = new InvocationRegistry();
  final List<String> failures = new ArrayList<>();

  String ignoring(String target) {
    return registry.register(target, error -> failures.add(target + ": " + error.getMessage()));
  }

  @Test
  void completions_findEachInvocationOnce_inTheSlotOrTheMap_inAnyOrder() {
    String first = ignoring("A");
    String second = ignoring("B");
    String third = ignoring("C");
    assertThat(registry.size()).isEqualTo(3);

    registry.complete(CompletionMessage.ofError(second, "no B"));
    registry.complete(CompletionMessage.ofError(first, "no A"));
    registry.complete(CompletionMessage.ofError(first, "twice"));
    String fourth = ignoring("D"); // the slot is free again
    registry.complete(CompletionMessage.ofError(third, "no C"));
    registry.complete(CompletionMessage.ofError(fourth, "no D"));

    assertThat(failures).containsExactly("B: no B", "A: no A", "C: no C", "D: no D");
    assertThat(registry.size()).isZero();
  }

  @Test
  void aMonoInvocation_getsItsResult_andCancellingForgetsIt() {
    JsonNode[] result = new JsonNode[1];
    String[] id = new String[1];
    Mono.<JsonNode>create(sink -> id[0] = registry.register("Sum", sink)).subscribe(r -> result[0] = r);
    registry.complete(CompletionMessage.ofResult(id[0], JsonNodeFactory.instance.numberNode(42)));
    assertThat(result[0].asInt()).isEqualTo(42);

    var cancelled = Mono.<JsonNode>create(sink -> registry.register("Slow", sink)).subscribe();
    assertThat(registry.size()).isOne();
    cancelled.dispose();
    assertThat(registry.size()).isZero();
  }

  @Test
  void expire_failsTheOldOnes_wherever_theyWait() {
    ignoring("A"); // the slot
    ignoring("B"); // the map
    registry.expire(System.nanoTime(), 0);

    assertThat(failures).hasSize(2).allMatch(f -> f.contains("was not answered within 0 ms"));
    assertThat(registry.size()).isZero();

    ignoring("C");
    registry.expire(System.nanoTime(), 60_000_000_000L);
    assertThat(registry.size()).as("not old yet").isOne();
  }

  @Test
  void failAll_failsEveryOne() {
    ignoring("A");
    ignoring("B");
    ignoring("C");
    registry.failAll(new TimeoutException("closed"));

    assertThat(failures).containsExactlyInAnyOrder("A: closed", "B: closed", "C: closed");
    assertThat(registry.size()).isZero();
  }
}
