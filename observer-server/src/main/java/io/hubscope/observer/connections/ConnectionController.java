package io.hubscope.observer.connections;

import io.hubscope.observer.system.NotFoundException;
import io.hubscope.observer.system.Page;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/connections")
class ConnectionController {

  private final ConnectionSearch search;

  ConnectionController(ConnectionSearch search) {
    this.search = search;
  }

  @GetMapping
  Page<ConnectionView> list(@RequestParam Map<String, String> params) {
    return search.search(ConnectionQuery.from(params));
  }

  @GetMapping("/{id}")
  ConnectionDetail one(@PathVariable String id) {
    ConnectionDetail detail = search.detail(id);
    if (detail == null) {
      throw new NotFoundException("no connection " + id + " (open, or closed within the retention)");
    }
    return detail;
  }
}
