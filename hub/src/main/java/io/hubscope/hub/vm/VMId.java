package io.hubscope.hub.vm;

/**
 * A parsed view-model id: {@code Type}, {@code Type$instance} or {@code Master.Sub} (nesting
 * allowed, e.g. {@code A.B$1.C}); the master is everything before the last dot.
 */
record VMId(String masterId, String typeName, String instanceId) {

  static VMId parse(String vmId) {
    if (vmId == null || vmId.isEmpty()) throw new UnknownVMTypeException(String.valueOf(vmId));
    int dot = vmId.lastIndexOf('.');
    String masterId = dot < 0 ? null : vmId.substring(0, dot);
    String leaf = vmId.substring(dot + 1);
    int dollar = leaf.indexOf('$');
    String typeName = dollar < 0 ? leaf : leaf.substring(0, dollar);
    String instanceId = dollar < 0 ? null : leaf.substring(dollar + 1);
    if (typeName.isEmpty() || (masterId != null && masterId.isEmpty())) {
      throw new UnknownVMTypeException(vmId);
    }
    return new VMId(masterId, typeName, instanceId);
  }
}
