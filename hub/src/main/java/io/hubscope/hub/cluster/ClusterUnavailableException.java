package io.hubscope.hub.cluster;

import io.hubscope.hub.vm.VMException;

/**
 * A shared view model could not be reached: the shared store is down, the owner server is gone or
 * did not answer in time. The caller gets it as the dotNetify error response and a failed
 * invocation, never as a silent loss.
 */
public class ClusterUnavailableException extends VMException {

  public static final String EXCEPTION_TYPE = "ClusterUnavailableException";

  public ClusterUnavailableException(String message) {
    this(message, null);
  }

  public ClusterUnavailableException(String message, Throwable cause) {
    super(EXCEPTION_TYPE, message, cause);
  }
}
