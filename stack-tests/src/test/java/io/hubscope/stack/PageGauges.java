package io.hubscope.stack;

import io.hubscope.observer.ui.Browser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the benchmark reads inside an open dashboard page: when marked messages appeared (a
 * MutationObserver stamps each marker's first row with the page's {@code Date.now()}, the same
 * machine clock the probe used when it sent it), and the page's JS heap after a forced GC (CDP).
 */
final class PageGauges {

  private static final String WATCH = """
      const prefix = arguments[0];
      const re = new RegExp(prefix + '(\\\\d+)'); // the prefix is letters, digits and dashes
      window.__hubscopeSeen = {};
      new MutationObserver((mutations) => {
        const now = Date.now();
        for (const m of mutations) for (const node of m.addedNodes) {
          const hit = (node.textContent || '').match(re);
          if (hit && !(hit[1] in window.__hubscopeSeen)) window.__hubscopeSeen[hit[1]] = now;
        }
      }).observe(document.querySelector('#message-table tbody'), { childList: true });
      """;

  private PageGauges() {}

  /** Starts stamping rows of the Messages page that carry {@code prefix<n>}. */
  static void watchMarkers(Browser browser, String prefix) {
    browser.driver.executeScript(WATCH, prefix);
  }

  /** When each marker number first showed, in epoch ms of the page's clock. */
  static Map<Integer, Long> markersSeen(Browser browser) {
    Object seen = browser.driver.executeScript("return window.__hubscopeSeen || {};");
    Map<Integer, Long> out = new HashMap<>();
    if (seen instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.put(Integer.parseInt(k.toString()), ((Number) v).longValue()));
    }
    return out;
  }

  /** The page's used JS heap in bytes, after a full garbage collection. */
  static long heapUsedAfterGc(Browser browser) {
    browser.driver.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
    Map<String, Object> usage = browser.driver.executeCdpCommand("Runtime.getHeapUsage", Map.of());
    return ((Number) usage.get("usedSize")).longValue();
  }

  /** p50, p99 and max of {@code values} (nearest rank); zeros when empty. */
  static long[] percentiles(List<Long> values) {
    if (values.isEmpty()) return new long[] {0, 0, 0};
    List<Long> sorted = values.stream().sorted().toList();
    return new long[] {rank(sorted, 0.50), rank(sorted, 0.99), sorted.get(sorted.size() - 1)};
  }

  private static long rank(List<Long> sorted, double p) {
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
