package io.hubscope.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class HostSamplerTests {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Path PROC_STATUS = Path.of("/proc/self/status");

  static final HostSampler.TapState STATE = new HostSampler.TapState() {
    @Override public int connections() { return 7; }
    @Override public int queueDepth() { return 3; }
    @Override public long queueBytes() { return 300; }
  };

  @Test
  void sample_reportsTheProcessRssAndHeap_besideTheHostMemory() throws IOException {
    assumeThat(PROC_STATUS).as("Linux, where /proc tells the RSS to compare with").exists();
    List<TapEvent> events = new ArrayList<>();

    new HostSampler(STATE).sample(events::add);

    assertThat(events).hasSize(1);
    TapEvent.Host host = (TapEvent.Host) events.get(0);
    long vmRss = vmRssBytes();
    assertThat(host.rss()).as("RSS, /proc says " + vmRss).isCloseTo(vmRss, withinPercentage(25));
    assertThat(host.rss()).isLessThan(host.memTotal());
    assertThat(host.heapUsed()).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().totalMemory());
    assertThat(host.heapMax()).isEqualTo(Runtime.getRuntime().maxMemory());
    assertThat(host.memUsed()).isPositive().isLessThanOrEqualTo(host.memTotal());
    assertThat(host.connections()).isEqualTo(7);
  }

  @Test
  void hostEvent_writesRssBesideTheFieldsOlderObserversRead() {
    ObjectNode out = written(new TapEvent.Host(1_000, 0.5, 0.25, 6_000, 16_000, 300, 120, 1_024, 7, 3, 300));

    assertThat(JSON.writeValueAsString(out)).isEqualTo("{\"type\":\"host\",\"ts\":1000,\"cpuSystem\":0.5,"
        + "\"cpuProcess\":0.25,\"memUsed\":6000,\"memTotal\":16000,\"rss\":300,\"heapUsed\":120,"
        + "\"heapMax\":1024,\"connections\":7,\"queueDepth\":3,\"queueBytes\":300}");
  }

  @Test
  void hostEvent_withoutAnRss_leavesTheFieldOut() {
    ObjectNode out = written(new TapEvent.Host(1_000, 0.5, 0.25, 6_000, 16_000, 0, 120, 1_024, 7, 3, 300));

    assertThat(out.has("rss")).isFalse();
    assertThat(out.get("heapUsed").asLong()).isEqualTo(120);
  }

  @Test
  void hostEvent_withLinks_listsEachLinkedNode_andLeavesOutWhatIsUnknown() {
    ObjectNode out = written(new TapEvent.Host(1_000, 0.5, 0.25, 6_000, 16_000, 0, 120, 1_024, 7, 3, 300, List.of(
        NodeLink.proxy("proxy-1", "proxy-1-k2x9", "http://10.0.0.5:8082/dotnetify"),
        NodeLink.proxy("proxy-2", null, ""))));

    assertThat(JSON.writeValueAsString(out.get("links"))).isEqualTo("[{\"role\":\"proxy\",\"name\":\"proxy-1\","
        + "\"id\":\"proxy-1-k2x9\",\"url\":\"http://10.0.0.5:8082/dotnetify\"},"
        + "{\"role\":\"proxy\",\"name\":\"proxy-2\"}]");
  }

  @Test
  void sample_ofANodeThatReportsNoLinks_leavesTheFieldOut_whileNoProxiesIsAnEmptyList() {
    List<TapEvent> events = new ArrayList<>();

    new HostSampler(STATE).sample(events::add);
    new HostSampler(withLinks(List::of)).sample(events::add);

    assertThat(written(events.get(0)).has("links")).as("a node without links reports none").isFalse();
    assertThat(written(events.get(1)).get("links").isArray()).isTrue();
    assertThat(written(events.get(1)).get("links").isEmpty()).as("an app server no proxy links to").isTrue();
  }

  @Test
  void sample_capsTheLinks_andLeavesThemOutWhenAskingFails() {
    List<NodeLink> many = new ArrayList<>();
    for (int i = 0; i < TapOptions.MAX_LINKS + 10; i++) many.add(NodeLink.proxy("proxy-" + i, null, null));
    List<TapEvent> events = new ArrayList<>();

    new HostSampler(withLinks(() -> many)).sample(events::add);
    new HostSampler(withLinks(() -> { throw new IllegalStateException("directory closed"); })).sample(events::add);

    assertThat(((TapEvent.Host) events.get(0)).links()).hasSize(TapOptions.MAX_LINKS)
        .first().extracting(NodeLink::name).isEqualTo("proxy-0");
    assertThat(((TapEvent.Host) events.get(1)).links()).isNull();
  }

  static HostSampler.TapState withLinks(java.util.function.Supplier<List<NodeLink>> links) {
    return new HostSampler.TapState() {
      @Override public int connections() { return 0; }
      @Override public int queueDepth() { return 0; }
      @Override public long queueBytes() { return 0; }
      @Override public List<NodeLink> links() { return links.get(); }
    };
  }

  /** The event as the tap streams it into a batch, read back as a tree. */
  static ObjectNode written(TapEvent event) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      out.writeStartObject();
      event.write(out, null, true);
      out.writeEndObject();
    }
    return (ObjectNode) JSON.readTree(text.toString());
  }

  /** VmRSS from /proc/self/status, in bytes (the file gives kB). */
  private static long vmRssBytes() throws IOException {
    return Files.readAllLines(PROC_STATUS).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
        .findFirst().orElseThrow();
  }
}
