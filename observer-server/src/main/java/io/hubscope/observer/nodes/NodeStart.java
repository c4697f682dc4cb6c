package io.hubscope.observer.nodes;

/**
 * One start of a node's process as the observer saw it.
 *
 * @param incarnation 1 for the first process the observer saw, one more for each restart
 * @param startedAt epoch milliseconds the process started, as its tap reports it
 * @param seenAt epoch milliseconds the observer received the incarnation's first batch
 */
public record NodeStart(int incarnation, long startedAt, long seenAt) {}
