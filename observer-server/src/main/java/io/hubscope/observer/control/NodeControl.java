package io.hubscope.observer.control;

import reactor.core.publisher.Mono;

/**
 * Carries an operator's command to the hub nodes over their tap links (the ingest hub connection a
 * node opened with the ingest token) and answers with what the nodes did. The implementation
 * routes each command: a connection's commands go to the node that holds it, group and view-model
 * sends to every app-server node, drain and undrain to the named node.
 *
 * <p>Never errors: a node without a live link, a refusal or a node that does not answer in time is
 * a {@link CommandResult} with the matching {@link CommandResult.Status}.
 */
public interface NodeControl {

  Mono<CommandResult> execute(NodeCommand command);
}
