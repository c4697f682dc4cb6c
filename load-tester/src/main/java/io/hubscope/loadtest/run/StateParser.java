package io.hubscope.loadtest.run;

import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses the view-model state string of each Response_VM. Buffers are recycled per thread: the
 * default shared pool costs a contended deque operation per message at tens of thousands of
 * messages a second, and each event loop parses on its own thread anyway.
 */
final class StateParser {

  static final JsonMapper MAPPER = JsonMapper.builder(
      JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build()).build();

  private StateParser() {}

  static JsonNode parse(String json) {
    return MAPPER.readTree(json);
  }
}
