package io.hubscope.observer;

import io.hubscope.observer.control.CommandResult;
import io.hubscope.observer.control.NodeCommand;
import io.hubscope.observer.control.NodeControl;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Mono;

/**
 * A NodeControl for tests: records every command and answers with {@link #answer} (OK by default).
 * Import {@link Config} into a test's context; it is {@code @Primary}, so it wins over a real one.
 * Shared through the test-jar with the stack tests.
 */
public final class RecordingNodeControl implements NodeControl {

  public final List<NodeCommand> commands = new CopyOnWriteArrayList<>();
  public volatile CommandResult answer = new CommandResult(CommandResult.Status.OK, "done", 1);

  @Override
  public Mono<CommandResult> execute(NodeCommand command) {
    commands.add(command);
    return Mono.just(answer);
  }

  public void reset() {
    commands.clear();
    answer = new CommandResult(CommandResult.Status.OK, "done", 1);
  }

  @TestConfiguration(proxyBeanMethods = false)
  public static class Config {
    @Bean
    @Primary
    RecordingNodeControl recordingNodeControl() {
      return new RecordingNodeControl();
    }
  }
}
