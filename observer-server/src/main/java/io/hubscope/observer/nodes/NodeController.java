package io.hubscope.observer.nodes;

import io.hubscope.observer.system.NotFoundException;
import io.hubscope.observer.system.Params;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class NodeController {

  private final NodeViews views;

  NodeController(NodeViews views) {
    this.views = views;
  }

  /** Nodes with host series over the last {@code seconds} (default 900). */
  @GetMapping("/nodes")
  List<NodeView> nodes(@RequestParam(required = false) Integer seconds) {
    return views.list(Params.within("seconds", seconds, 900, 0, 900));
  }

  @GetMapping("/nodes/{id}")
  NodeView node(@PathVariable String id, @RequestParam(required = false) Integer seconds) {
    NodeView view = views.one(id, Params.within("seconds", seconds, 900, 0, 900));
    if (view == null) {
      throw new NotFoundException("no node " + id);
    }
    return view;
  }

  /** Tap statistics per node: batches, sequence gaps, drops by cause. */
  @GetMapping("/taps")
  List<TapRow> taps() {
    return views.list(0).stream()
        .map(n -> new TapRow(n.id(), n.role(), n.lastSeen(), n.tap().batches(), n.tap().lastSeq(),
            n.tap().seqGaps(), n.tap().droppedTotal(), n.tap().droppedByCause(),
            n.host() == null ? 0 : n.host().queueDepth(), n.host() == null ? 0 : n.host().queueBytes()))
        .toList();
  }

  record TapRow(String node, String role, long lastSeen, long batches, long lastSeq, long seqGaps,
      long droppedTotal, Map<String, Long> droppedByCause, long queueDepth, long queueBytes) {}
}
