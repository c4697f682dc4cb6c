package io.hubscope.forward;

import static io.hubscope.forward.testing.TestClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.forward.testing.Await;
import io.hubscope.forward.testing.EchoLoad;
import io.hubscope.forward.testing.ForwardingStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not a timed test: echo round trips per second and latency, direct and through one proxy, all in
 * one JVM (indicative only; bin/bench measures separate processes). Run with
 * {@code mvn -B -pl tap-middleware -am verify -Dit.test=EchoThroughProxyBenchIT -Dhubscope.bench=true
 * -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "hubscope.bench", matches = "true")
class EchoThroughProxyBenchIT {

  static final Logger LOG = LoggerFactory.getLogger(EchoThroughProxyBenchIT.class);
  static final int CLIENTS = Integer.getInteger("hubscope.bench.clients", 100);
  static final long MILLIS = Long.getLong("hubscope.bench.millis", 5000);

  @Test
  void echo_directVersusThroughOneProxy() throws Exception {
    try (ForwardingStack stack = new ForwardingStack()) {
      ForwardingStack.App app = stack.app();
      ForwardingStack.Proxy proxy = stack.proxy(app, ForwardingStack.options("bench").poolSize(5).build());
      assertThat(Await.until(() -> proxy.forwarder().pool().connected() == 5, WAIT)).isTrue();
      run("warm-up", app.url(), stack);
      String direct = run("direct", app.url(), stack);
      String proxied = run("through proxy", proxy.url(), stack);
      LOG.info("echo, {} clients, {} ms:\n  {}\n  {}", CLIENTS, MILLIS, direct, proxied);
    }
  }

  static String run(String label, String url, ForwardingStack stack) throws Exception {
    return EchoLoad.run(label, url, CLIENTS, MILLIS, stack).toString();
  }
}
