package io.hubscope.observer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Builds tap batches as docs/tap-events.md describes them, for every test that feeds the observer. */
public final class TapBatch {

  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final Map<String, Object> node = new LinkedHashMap<>();
  private final Map<String, Long> dropped = new LinkedHashMap<>();
  private final List<Object> events = new ArrayList<>();
  private long seq;
  private long ts = System.currentTimeMillis();

  private TapBatch(String nodeId, String role) {
    node.put("id", nodeId);
    node.put("role", role);
    node.put("name", nodeId.split("@")[0]);
    node.put("address", "127.0.0.1:8082");
    node.put("startedAt", 1_764_000_000_000L);
  }

  public static TapBatch from(String nodeId, String role) {
    return new TapBatch(nodeId, role);
  }

  public TapBatch seq(long seq) {
    this.seq = seq;
    return this;
  }

  public TapBatch startedAt(long startedAt) {
    node.put("startedAt", startedAt);
    return this;
  }

  public TapBatch at(long ts) {
    this.ts = ts;
    return this;
  }

  public TapBatch address(String address) {
    node.put("address", address);
    return this;
  }

  public TapBatch dropped(String cause, long cumulative) {
    dropped.put(cause, cumulative);
    return this;
  }

  public static Map<String, Object> openFields(String conn, String ip, String ua, long ts) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("ts", ts);
    e.put("conn", conn);
    e.put("ip", ip);
    e.put("port", 50_000);
    e.put("ua", ua);
    e.put("headers", Map.of("User-Agent", ua, "Origin", "http://localhost"));
    e.put("transport", "WebSockets");
    e.put("protocol", "json");
    return e;
  }

  public TapBatch open(String conn, String ip, String ua) {
    return open(conn, ip, ua, "WebSockets");
  }

  public TapBatch open(String conn, String ip, String ua, String transport) {
    Map<String, Object> e = openFields(conn, ip, ua, ts);
    e.put("type", "open");
    e.put("transport", transport);
    events.add(e);
    return this;
  }

  public TapBatch msg(String conn, String dir, String call, String vm, int size, String payload) {
    Map<String, Object> e = event("msg");
    e.put("conn", conn);
    e.put("dir", dir);
    e.put("call", call);
    if (vm != null) {
      e.put("vm", vm);
    }
    e.put("size", size);
    if (payload != null) {
      e.put("payload", payload);
    }
    e.put("truncated", false);
    events.add(e);
    return this;
  }

  public TapBatch fanOut(String vm, int size, int recipients, String payload) {
    Map<String, Object> e = event("msg");
    e.put("dir", "out");
    e.put("call", "Response_VM");
    e.put("vm", vm);
    e.put("size", size);
    e.put("recipients", recipients);
    e.put("payload", payload);
    e.put("group", vm);
    events.add(e);
    return this;
  }

  /** A message of {@code vm} in {@code group}; {@code conn} null for a fan-out to {@code recipients}. */
  public TapBatch groupMsg(String conn, String dir, String vm, String group, int recipients) {
    Map<String, Object> e = event("msg");
    if (conn != null) {
      e.put("conn", conn);
    }
    e.put("dir", dir);
    e.put("call", dir.equals("in") ? "Update_VM" : "Response_VM");
    e.put("vm", vm);
    e.put("size", 20);
    e.put("recipients", recipients);
    e.put("group", group);
    events.add(e);
    return this;
  }

  public TapBatch close(String conn, String reason) {
    Map<String, Object> e = event("close");
    e.put("conn", conn);
    e.put("reason", reason);
    events.add(e);
    return this;
  }

  /** A host event as taps before the process's resident set size send it: no {@code rss}. */
  public TapBatch host(double cpuSystem, long memUsed, long memTotal) {
    events.add(hostEvent(cpuSystem, memUsed, memTotal, memUsed / 4, memTotal / 4));
    return this;
  }

  /** A host event with the process's figures: resident set size and JVM heap. */
  public TapBatch host(double cpuSystem, long memUsed, long memTotal, long rss, long heapUsed, long heapMax) {
    Map<String, Object> e = hostEvent(cpuSystem, memUsed, memTotal, heapUsed, heapMax);
    e.put("rss", rss);
    events.add(e);
    return this;
  }

  private Map<String, Object> hostEvent(double cpuSystem, long memUsed, long memTotal, long heapUsed, long heapMax) {
    Map<String, Object> e = event("host");
    e.put("cpuSystem", cpuSystem);
    e.put("cpuProcess", cpuSystem / 2);
    e.put("memUsed", memUsed);
    e.put("memTotal", memTotal);
    e.put("heapUsed", heapUsed);
    e.put("heapMax", heapMax);
    e.put("connections", 1);
    e.put("queueDepth", 3);
    e.put("queueBytes", 300);
    return e;
  }

  /**
   * A host event of an app server with the {@code links} to the proxies of these names, as
   * docs/tap-events.md's "Links" describes them (each with an id and a URL).
   */
  public TapBatch hostLinkedTo(String... proxyNames) {
    List<Object> links = new ArrayList<>();
    for (String name : proxyNames) {
      links.add(Map.of("role", "proxy", "name", name, "id", name + "-k2x9", "url", "http://10.0.0.5:8082/dotnetify"));
    }
    return hostWithLinks(links);
  }

  /** A host event with {@code links} as given (anything, for malformed-link tests). */
  public TapBatch hostWithLinks(Object links) {
    Map<String, Object> e = hostEvent(0.2, 1L << 30, 16L << 30, 1L << 26, 1L << 28);
    e.put("links", links);
    events.add(e);
    return this;
  }

  /** A resync in one event without id, part and last, as older taps send it. */
  public TapBatch resync(List<Map<String, Object>> conns) {
    Map<String, Object> e = event("resync");
    e.put("conns", conns);
    events.add(e);
    return this;
  }

  /** One chunk of a chunked resync. */
  public TapBatch resync(long id, int part, boolean last, List<Map<String, Object>> conns) {
    Map<String, Object> e = event("resync");
    e.put("id", id);
    e.put("part", part);
    e.put("last", last);
    e.put("conns", conns);
    events.add(e);
    return this;
  }

  /** Anything, for malformed-event tests. */
  public TapBatch raw(Object event) {
    events.add(event);
    return this;
  }

  private Map<String, Object> event(String type) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("ts", ts);
    return e;
  }

  public Map<String, Object> asMap() {
    Map<String, Object> batch = new LinkedHashMap<>();
    batch.put("node", node);
    batch.put("seq", seq);
    batch.put("sentAt", ts);
    batch.put("dropped", dropped);
    batch.put("events", events);
    return batch;
  }

  public JsonNode json() {
    return JSON.valueToTree(asMap());
  }

  public String text() {
    return JSON.writeValueAsString(asMap());
  }
}
