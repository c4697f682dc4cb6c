package io.hubscope.hub.pipeline;

/**
 * Sees every failure of a view-model call and returns the error to report to the client: the same
 * one, a sanitized one, or null to swallow it (the invocation then completes without error).
 */
@FunctionalInterface
public interface ExceptionMiddleware {
  Throwable onException(HubContext ctx, Throwable error);
}
