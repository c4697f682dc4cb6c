package io.hubscope.observer.payloads;

import io.hubscope.observer.system.Params;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class MessageController {

  private final MessageLog log;

  MessageController(MessageLog log) {
    this.log = log;
  }

  /** The newest messages matching the filter, newest first. */
  @GetMapping("/messages")
  List<LoggedMessage> messages(@RequestParam Map<String, String> params,
      @RequestParam(required = false) Integer limit) {
    MessageFilter filter = MessageFilter.from(params);
    int n = Params.within("limit", limit, 100, 1, 1000);
    return log.latest(filter, n);
  }
}
