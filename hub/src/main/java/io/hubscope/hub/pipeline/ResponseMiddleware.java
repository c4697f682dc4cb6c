package io.hubscope.hub.pipeline;

/**
 * Sees every Response_VM push the hub sends, once per push (a group push is one call with its
 * recipient count). Synchronous because it sits on the hottest path; return false to stop the push.
 */
@FunctionalInterface
public interface ResponseMiddleware {
  boolean onResponse(ResponseContext ctx);
}
