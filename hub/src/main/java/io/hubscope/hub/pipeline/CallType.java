package io.hubscope.hub.pipeline;

/** The dotNetify call a middleware sees. */
public enum CallType {
  REQUEST_VM("Request_VM"),
  UPDATE_VM("Update_VM"),
  DISPOSE_VM("Dispose_VM"),
  RESPONSE_VM("Response_VM");

  private final String method;

  CallType(String method) {
    this.method = method;
  }

  /** The hub method name on the wire. */
  public String method() {
    return method;
  }

  /** The call type of a client-invoked hub method, or null when it is not a view-model call. */
  public static CallType ofMethod(String method) {
    return switch (method) {
      case "Request_VM" -> REQUEST_VM;
      case "Update_VM" -> UPDATE_VM;
      case "Dispose_VM" -> DISPOSE_VM;
      default -> null;
    };
  }
}
