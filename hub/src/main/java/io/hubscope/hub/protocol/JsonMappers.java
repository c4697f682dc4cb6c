package io.hubscope.hub.protocol;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON mappers for the hub's hot paths. Every parser and generator borrows buffers from a recycler
 * pool; Jackson's default pool is one concurrent deque shared by all threads, which every frame on
 * every event loop then contends on. Event loops are few and long-lived, so a pool per thread
 * recycles as well without the contention. Creators with arguments (records) are called directly
 * ({@link DirectCreatorCalls}). Doubles are written with Jackson's own shortest-digits writer: the
 * JDK's {@code Double.toString} before Java 19 allocates and was the top allocation of a ping.
 */
public final class JsonMappers {

  private JsonMappers() {}

  /** A mapper builder whose factory recycles buffers per thread and that calls creators directly. */
  public static JsonMapper.Builder builder() {
    return JsonMapper.builder(JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool())
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
        .addModule(new DirectCreatorCalls());
  }
}
