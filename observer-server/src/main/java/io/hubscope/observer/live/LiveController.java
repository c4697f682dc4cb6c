package io.hubscope.observer.live;

import io.hubscope.observer.connections.ConnectionDetail;
import io.hubscope.observer.connections.ConnectionQuery;
import io.hubscope.observer.connections.ConnectionSearch;
import io.hubscope.observer.connections.ConnectionView;
import io.hubscope.observer.groups.GroupRow;
import io.hubscope.observer.groups.GroupViews;
import io.hubscope.observer.nodes.NodeView;
import io.hubscope.observer.nodes.NodeViews;
import io.hubscope.observer.payloads.MessageFilter;
import io.hubscope.observer.payloads.MessageLog;
import io.hubscope.observer.rates.RateRing;
import io.hubscope.observer.rates.ThroughputWindow;
import io.hubscope.observer.summary.Summary;
import io.hubscope.observer.summary.SummaryService;
import io.hubscope.observer.system.Page;
import io.hubscope.observer.system.Params;
import io.hubscope.observer.throughput.ThroughputService;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * Server-Sent Event streams for the dashboard: each one a conflated snapshot per interval and
 * subscriber, never an event per mirrored message. Parameters are checked before the stream
 * starts, so a bad one is a plain 400.
 */
@RestController
@RequestMapping(path = "/api/v1/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
class LiveController {

  private final SsePacer pacer;
  private final SummaryService summaries;
  private final ConnectionSearch connections;
  private final NodeViews nodes;
  private final ThroughputService throughput;
  private final MessageLog messages;
  private final int tailMaxPerInterval;
  private final GroupViews groups;

  LiveController(SsePacer pacer, SummaryService summaries, ConnectionSearch connections,
      NodeViews nodes, ThroughputService throughput, MessageLog messages, LiveSettings settings,
      GroupViews groups) {
    this.groups = groups;
    this.pacer = pacer;
    this.summaries = summaries;
    this.connections = connections;
    this.nodes = nodes;
    this.throughput = throughput;
    this.messages = messages;
    this.tailMaxPerInterval = settings.tailMaxPerInterval();
  }

  @GetMapping("/summary")
  Flux<ServerSentEvent<Summary>> summary() {
    return pacer.every("summary", summaries::summary);
  }

  @GetMapping("/throughput")
  Flux<ServerSentEvent<ThroughputWindow>> throughput(@RequestParam(required = false) Integer seconds,
      @RequestParam(required = false) String node) {
    int n = Params.within("seconds", seconds, RateRing.SECONDS, 1, RateRing.SECONDS);
    String nodeName = Params.text(node);
    return pacer.every("throughput", () -> throughput.window(n, nodeName));
  }

  @GetMapping("/connections")
  Flux<ServerSentEvent<Page<ConnectionView>>> connections(@RequestParam Map<String, String> params) {
    ConnectionQuery query = ConnectionQuery.from(params);
    return pacer.every("connections", () -> connections.search(query));
  }

  @GetMapping("/connections/{id}")
  Flux<ServerSentEvent<ConnectionDetail>> connection(@PathVariable String id) {
    return pacer.everyPresent("connection", () -> connections.detail(id));
  }

  @GetMapping("/groups")
  Flux<ServerSentEvent<Page<GroupRow>>> groups(@RequestParam(required = false) String q,
      @RequestParam(required = false) String sort, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return pacer.every("groups", groups.groups(q, sort, page, size));
  }

  @GetMapping("/viewmodels")
  Flux<ServerSentEvent<Page<GroupRow>>> viewModels(@RequestParam(required = false) String q,
      @RequestParam(required = false) String sort, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return pacer.every("viewmodels", groups.viewModels(q, sort, page, size));
  }

  @GetMapping("/nodes")
  Flux<ServerSentEvent<List<NodeView>>> nodes(@RequestParam(required = false) Integer seconds) {
    int n = Params.within("seconds", seconds, 0, 0, 900);
    return pacer.every("nodes", () -> nodes.list(n));
  }

  @GetMapping("/messages")
  Flux<ServerSentEvent<MessageLog.Tail>> messages(@RequestParam Map<String, String> params) {
    MessageFilter filter = MessageFilter.from(params);
    return Flux.defer(() -> {
      // Start with the newest messages so an opened tail is not empty.
      long[] cursor = {Math.max(-1, messages.head() - 1 - tailMaxPerInterval)};
      return pacer.every("messages", () -> {
        MessageLog.Tail tail = messages.since(cursor[0], filter, tailMaxPerInterval);
        cursor[0] = tail.lastSeq();
        return tail;
      });
    });
  }
}
