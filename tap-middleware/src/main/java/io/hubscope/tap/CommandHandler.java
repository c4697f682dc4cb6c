package io.hubscope.tap;

import tools.jackson.databind.JsonNode;

/**
 * Carries out the commands the observer sends over the tap's link (see {@code docs/tap-events.md},
 * "Commands"). Called on the tap's command thread, never an event loop, one command at a time; it
 * should still be quick (hand-offs, not waits). A failure is answered as a refusal.
 */
@FunctionalInterface
public interface CommandHandler {

  CommandOutcome execute(JsonNode command);
}
