package io.hubscope.observer.summary;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SummaryController {

  private final SummaryService summaries;

  SummaryController(SummaryService summaries) {
    this.summaries = summaries;
  }

  @GetMapping("/api/v1/summary")
  Summary summary() {
    return summaries.summary();
  }
}
