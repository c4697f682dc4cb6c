package io.hubscope.hub.vm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A view-model call failed. By the time the hub sees it, the runtime has already sent the
 * client the dotNetify error response ({@code {"ExceptionType":"..","Message":".."}} as the
 * vmData of a {@code Response_VM}); the hub only completes the invocation with {@link #getMessage()}.
 * The connection stays usable.
 */
public class VMException extends RuntimeException {

  private final String exceptionType;

  public VMException(String exceptionType, String message, Throwable cause) {
    super(message, cause);
    this.exceptionType = exceptionType;
  }

  /** Wraps a failure from view-model code, naming it after the original exception type. */
  static VMException of(RuntimeException e) {
    if (e instanceof VMException vmException) return vmException;
    return new VMException(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), e);
  }

  /** The {@code ExceptionType} a dotNetify client sees. */
  public String exceptionType() {
    return exceptionType;
  }

  /** The error vmData: {@code {"ExceptionType":"..","Message":".."}}. */
  public String toVmData() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("ExceptionType", exceptionType);
    data.put("Message", getMessage());
    return VMJson.write(data);
  }
}
