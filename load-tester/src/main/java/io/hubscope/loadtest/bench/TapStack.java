package io.hubscope.loadtest.bench;

import io.hubscope.loadtest.bench.Scenario.Observer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The observer and the proxy whose tap mirrors to it, for the tap scenarios: puts the observer into
 * the state a scenario asks for (up, stalled, down) and reads the tap's own counters from the
 * proxy's Prometheus endpoint, so every event the tap sent or dropped is accounted for.
 */
final class TapStack {

  private static final Pattern COUNTER = Pattern.compile(
      "^hubscope_tap_(sent|dropped)_total\\{([^}]*)}\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);
  private static final Pattern CAUSE = Pattern.compile("cause=\"([^\"]+)\"");

  private final ServerProcess observer;
  private final ServerProcess tappedProxy;
  private final String nodeName;
  private final String authorization;

  TapStack(ServerProcess observer, ServerProcess tappedProxy, String nodeName, String user, String password) {
    this.observer = observer;
    this.tappedProxy = tappedProxy;
    this.nodeName = nodeName;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    observer.metricsAuthorization(authorization); // its Prometheus endpoint wants the login too
  }

  /** Brings the observer into {@code state}; for UP, also waits until the tap is delivering to it again. */
  void ensure(Observer state) throws IOException {
    switch (state) {
      case ANY:
        return;
      case DOWN:
        observer.stop();
        return;
      case STALLED:
        ensure(Observer.UP);
        observer.freeze(true);
        return;
      default:
        observer.freeze(false);
        if (!observer.isAlive()) {
          observer.restart();
          observer.awaitReady("/actuator/health", Duration.ofSeconds(120));
        }
        awaitTapDelivering(Duration.ofSeconds(60));
    }
  }

  /** The tap's cumulative counters now: events sent, and events dropped by cause. */
  TapCounts counts() {
    String text = ServerProbe.get(tappedProxy, "/actuator/prometheus", ServerProbe.Accept.OK);
    long sent = 0;
    Map<String, Long> dropped = new LinkedHashMap<>();
    Matcher m = COUNTER.matcher(text);
    while (m.find()) {
      long value = (long) Double.parseDouble(m.group(3));
      if (m.group(1).equals("sent")) {
        sent += value;
      } else {
        Matcher cause = CAUSE.matcher(m.group(2));
        dropped.merge(cause.find() ? cause.group(1) : "unknown", value, Long::sum);
      }
    }
    return new TapCounts(sent, dropped);
  }

  private void awaitTapDelivering(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      // The observer knows the node only from batches the tap delivered since it started.
      if (ServerProbe.get(observer.baseUrl() + "/api/v1/taps", authorization, ServerProbe.Accept.OK).contains("\"" + nodeName + "@")) return;
      ServerProbe.pause(250);
    }
    throw new IllegalStateException("the tap of " + tappedProxy.name() + " did not reach the observer within " + timeout);
  }



  /** Tap counters at one moment, or the difference of two. */
  record TapCounts(long sent, Map<String, Long> dropped) {

    long droppedTotal() {
      return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    TapCounts since(TapCounts before) {
      Map<String, Long> delta = new LinkedHashMap<>();
      dropped.forEach((cause, n) -> {
        long d = n - before.dropped.getOrDefault(cause, 0L);
        if (d != 0) delta.put(cause, d);
      });
      return new TapCounts(sent - before.sent, delta);
    }
  }
}
