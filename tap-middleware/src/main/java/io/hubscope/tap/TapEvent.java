package io.hubscope.tap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;

/**
 * One mirrored event as the contract in {@code docs/tap-events.md} describes it. Events are built
 * on event loops from what the hub already holds (references, no copies); turning them into JSON,
 * redaction and truncation happen later, on the sender thread.
 */
interface TapEvent {

  /** Epoch milliseconds at the node. */
  long ts();

  /** Bytes this event holds and roughly adds to a batch; what the queue's byte bound counts. */
  int weight();

  /**
   * Writes the event's fields into the object {@code out} is in (without {@code type} when
   * {@code withType} is false). Streamed: a batch goes out without a tree of its events.
   */
  void write(JsonGenerator out, PayloadFilter filter, boolean withType);

  record Open(long ts, String conn, String ip, int port, String ua, Map<String, String> headers,
      String transport, String protocol) implements TapEvent {

    @Override
    public int weight() {
      int w = 160 + conn.length() + ip.length() + ua.length();
      for (Map.Entry<String, String> h : headers.entrySet()) w += h.getKey().length() + h.getValue().length() + 6;
      return w;
    }

    @Override
    public void write(JsonGenerator out, PayloadFilter filter, boolean withType) {
      if (withType) out.writeStringProperty("type", "open");
      out.writeNumberProperty("ts", ts);
      out.writeStringProperty("conn", conn);
      out.writeStringProperty("ip", ip);
      out.writeNumberProperty("port", port);
      out.writeStringProperty("ua", ua);
      out.writeObjectPropertyStart("headers");
      headers.forEach(out::writeStringProperty);
      out.writeEndObject();
      out.writeStringProperty("transport", transport);
      out.writeStringProperty("protocol", protocol);
    }
  }

  record Close(long ts, String conn, String reason, String error) implements TapEvent {

    @Override
    public int weight() {
      return 96 + conn.length() + (error == null ? 0 : error.length());
    }

    @Override
    public void write(JsonGenerator out, PayloadFilter filter, boolean withType) {
      if (withType) out.writeStringProperty("type", "close");
      out.writeNumberProperty("ts", ts);
      out.writeStringProperty("conn", conn);
      out.writeStringProperty("reason", reason);
      if (error != null) out.writeStringProperty("error", error);
    }
  }

  /**
   * A message either way. The payload is held as the hub has it: the vmData string of a push, or
   * the JSON-encoded invocation of a client call; null when sampled out.
   */
  record Msg(long ts, String conn, boolean in, String call, String vm, int size, int recipients, String group,
      Object payload) implements TapEvent {

    @Override
    public int weight() {
      int w = 128 + (conn == null ? 0 : conn.length()) + (vm == null ? 0 : vm.length());
      if (payload instanceof String s) w += s.length();
      else if (payload instanceof byte[] b) w += b.length;
      return w;
    }

    @Override
    public void write(JsonGenerator out, PayloadFilter filter, boolean withType) {
      if (withType) out.writeStringProperty("type", "msg");
      out.writeNumberProperty("ts", ts);
      if (conn != null) out.writeStringProperty("conn", conn);
      out.writeStringProperty("dir", in ? "in" : "out");
      out.writeStringProperty("call", call);
      if (vm != null) out.writeStringProperty("vm", vm);
      out.writeNumberProperty("size", size);
      PayloadFilter.Payload p = payload instanceof String s ? filter.ofJson(s)
          : payload instanceof byte[] b ? filter.ofInvocation(b) : null;
      if (p != null) {
        out.writeName("payload");
        p.writeTo(out);
      }
      out.writeBooleanProperty("truncated", p != null && p.truncated());
      if (conn == null) out.writeNumberProperty("recipients", recipients);
      if (group != null) out.writeStringProperty("group", group);
    }
  }

  /**
   * Host and process telemetry.
   *
   * @param rss the process's resident set size in bytes; 0 when the platform does not tell, and
   *     then left out of the event (observers read an absent {@code rss} as unknown)
   * @param heapMax the JVM's maximum heap in bytes, -1 when undefined
   * @param links the nodes linked to this one; null when the node does not report links, and then
   *     left out of the event (observers read an absent {@code links} as unknown, not as none)
   */
  record Host(long ts, double cpuSystem, double cpuProcess, long memUsed, long memTotal, long rss,
      long heapUsed, long heapMax, int connections, int queueDepth, long queueBytes, List<NodeLink> links)
      implements TapEvent {

    /** A host event of a node that does not report links. */
    Host(long ts, double cpuSystem, double cpuProcess, long memUsed, long memTotal, long rss,
        long heapUsed, long heapMax, int connections, int queueDepth, long queueBytes) {
      this(ts, cpuSystem, cpuProcess, memUsed, memTotal, rss, heapUsed, heapMax, connections, queueDepth,
          queueBytes, null);
    }

    @Override
    public int weight() {
      int w = 256;
      if (links != null) for (NodeLink l : links) w += l.weight();
      return w;
    }

    @Override
    public void write(JsonGenerator out, PayloadFilter filter, boolean withType) {
      if (withType) out.writeStringProperty("type", "host");
      out.writeNumberProperty("ts", ts);
      out.writeNumberProperty("cpuSystem", cpuSystem);
      out.writeNumberProperty("cpuProcess", cpuProcess);
      out.writeNumberProperty("memUsed", memUsed);
      out.writeNumberProperty("memTotal", memTotal);
      if (rss > 0) out.writeNumberProperty("rss", rss);
      out.writeNumberProperty("heapUsed", heapUsed);
      out.writeNumberProperty("heapMax", heapMax);
      out.writeNumberProperty("connections", connections);
      out.writeNumberProperty("queueDepth", queueDepth);
      out.writeNumberProperty("queueBytes", queueBytes);
      if (links != null) {
        out.writeArrayPropertyStart("links");
        for (NodeLink l : links) {
          out.writeStartObject();
          out.writeStringProperty("role", l.role());
          out.writeStringProperty("name", l.name());
          if (l.id() != null) out.writeStringProperty("id", l.id());
          if (l.url() != null) out.writeStringProperty("url", l.url());
          out.writeEndObject();
        }
        out.writeEndArray();
      }
    }
  }

  /**
   * One chunk of a resync: the node's open connections, sent first after every (re)connect, never
   * queued. A resync is as many chunks as batch limits require, numbered by {@code part} from 0;
   * the observer closes the node's unlisted connections only after the chunk marked {@code last}.
   *
   * @param id the resync's number, new for every (re)connect of one node process
   */
  record Resync(long ts, long id, int part, boolean last, List<Open> conns) implements TapEvent {

    /** JSON the chunk adds around its connections: type, ts, id, part, last and the array. */
    static final int OVERHEAD = 96;

    /**
     * Splits {@code open} into chunks of at most {@code maxConns} connections and about
     * {@code maxBytes} (by {@link #weight}) each; a connection heavier than that goes alone. No
     * open connections still make one (last) chunk, so the observer closes what it holds.
     */
    static List<Resync> chunks(long ts, long id, List<Open> open, int maxConns, long maxBytes) {
      if (maxConns < 1) throw new IllegalArgumentException("maxConns < 1: " + maxConns);
      List<Resync> chunks = new ArrayList<>();
      int from = 0;
      do {
        int to = from;
        long bytes = OVERHEAD;
        while (to < open.size() && to - from < maxConns
            && (to == from || bytes + open.get(to).weight() <= maxBytes)) {
          bytes += open.get(to++).weight();
        }
        chunks.add(new Resync(ts, id, chunks.size(), to == open.size(), open.subList(from, to)));
        from = to;
      } while (from < open.size());
      return chunks;
    }

    @Override
    public int weight() {
      return OVERHEAD + conns.stream().mapToInt(Open::weight).sum();
    }

    @Override
    public void write(JsonGenerator out, PayloadFilter filter, boolean withType) {
      if (withType) out.writeStringProperty("type", "resync");
      out.writeNumberProperty("ts", ts);
      out.writeNumberProperty("id", id);
      out.writeNumberProperty("part", part);
      out.writeBooleanProperty("last", last);
      out.writeArrayPropertyStart("conns");
      for (Open o : conns) {
        out.writeStartObject();
        o.write(out, filter, false);
        out.writeEndObject();
      }
      out.writeEndArray();
    }
  }
}
