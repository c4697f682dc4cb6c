package io.hubscope.hub.protocol;

import tools.jackson.core.JsonParser;

/**
 * Reads one argument of a decoded hub method straight from the parser that reads the message,
 * into whatever the method works with. A large argument read once (a tap's batch of a thousand
 * events) then never becomes a tree, nor is it tokenized twice: building the tree and walking it
 * cost the observer more than its own work with the batch.
 *
 * <p>The parser stands on the argument's first token; read exactly that value (skip what you do
 * not need with {@link JsonParser#skipChildren()}), and nothing after it. Decode without side
 * effects: the rest of the message is read afterwards and may still prove it malformed, in which
 * case the decoded value is dropped with it. Runs on an event loop, so never block. A
 * {@link tools.jackson.core.JacksonException} fails the message as malformed, as a bad tree would.
 * Arguments that arrive as trees (MessagePack, a proxy's forwarded call) are decoded from a parser
 * over the tree, so a decoder sees the same tokens whatever the protocol.
 */
@FunctionalInterface
public interface ArgumentDecoder<T> {
  T decode(JsonParser parser);
}
