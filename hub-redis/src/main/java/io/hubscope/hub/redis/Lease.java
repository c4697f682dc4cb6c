package io.hubscope.hub.redis;

/**
 * Who owns a shared view model, as stored in its lease key: {@code epoch:token:serverId}. The epoch
 * (from INCR) orders owners; the random token tells apart two owners with the same epoch, such as
 * before and after a Redis restart that reset the counter. Messages carry the whole value, and a
 * receiver drops those of any other lease than the one it knows.
 */
record Lease(long epoch, String token, String serverId) {

  static Lease parse(String value) {
    if (value == null) return null;
    String[] parts = value.split(":", 3);
    if (parts.length != 3) throw new IllegalArgumentException("not a lease: " + value);
    return new Lease(Long.parseLong(parts[0]), parts[1], parts[2]);
  }

  String value() {
    return epoch + ":" + token + ":" + serverId;
  }

  boolean heldBy(String server) {
    return serverId.equals(server);
  }
}
