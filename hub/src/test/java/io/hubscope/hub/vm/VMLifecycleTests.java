package io.hubscope.hub.vm;

import static io.hubscope.hub.vm.TestVMs.connection;
import static io.hubscope.hub.vm.TestVMs.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubscope.hub.vm.TestVMs.DetailVM;
import io.hubscope.hub.vm.TestVMs.HelloWorld;
import io.hubscope.hub.vm.TestVMs.MasterVM;
import io.hubscope.hub.vm.TestVMs.TickerVM;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class VMLifecycleTests {

  final RecordingVMResponder responder = new RecordingVMResponder();
  final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  final List<BaseVM> created = new CopyOnWriteArrayList<>();
  final VMRuntime runtime = new VMRuntime(new VMRegistry()
      .register("HelloWorld", () -> track(new HelloWorld()))
      .register("Master", () -> track(new MasterVM()))
      .register("Ticker", () -> track(new TickerVM(Duration.ofMillis(10)))), responder, scheduler);

  <T extends BaseVM> T track(T vm) {
    created.add(vm);
    return vm;
  }

  @AfterEach
  void close() {
    runtime.close();
    scheduler.shutdownNow();
  }

  @Test
  void timer_pushesUntilDisposed() throws Exception {
    runtime.request(connection("c1"), Map.of(), "Ticker", null);
    List<JsonNode> ticks = responder.awaitData("c1", "Ticker", 4, Duration.ofSeconds(5));

    assertThat(ticks.get(0)).isEqualTo(json("{'Tick':null}"));
    assertThat(ticks.get(1).get("Tick").get("Sequence").asLong()).isEqualTo(1);
    assertThat(ticks.get(3).get("Tick").get("Sequence").asLong()).isEqualTo(3);

    runtime.dispose("c1", "Ticker");
    TickerVM ticker = (TickerVM) created.get(0);
    assertThat(ticker.disposed).hasValue(1);
    assertThat(ticker.isDisposed()).isTrue();
    int afterDispose = responder.dataTo("c1", "Ticker").size();
    // Not a wait for a condition but a window in which nothing may happen: six periods of the
    // ticker, where a timer that survived dispose would push about six times. One push may still
    // land: it was queued before dispose and is delivered as the pushing thread leaves the lock,
    // which a preempted thread on a loaded machine does after the count above.
    Thread.sleep(60);
    assertThat(responder.dataTo("c1", "Ticker")).hasSizeLessThanOrEqualTo(afterDispose + 1);
    assertThat(runtime.directory().liveInstanceCount()).isZero();
  }

  @Test
  void dispose_unknownIdIsANoOp() {
    runtime.request(connection("c1"), Map.of(), "HelloWorld", null);

    runtime.dispose("c1", "Nope");
    runtime.dispose("c1", "HelloWorld.Nope");
    runtime.dispose("c2", "HelloWorld");

    assertThat(runtime.directory().liveInstanceCount()).isEqualTo(1);
    assertThat(runtime.directory().vmIds("c1")).containsExactly("HelloWorld");
  }

  @Test
  void disconnect_disposesEverythingTheConnectionHeld() {
    runtime.request(connection("c1"), Map.of(), "HelloWorld", null);
    runtime.request(connection("c1"), Map.of(), "Ticker$1", null);
    runtime.request(connection("c1"), Map.of(), "Master.Detail", null);
    runtime.request(connection("c2"), Map.of(), "HelloWorld", null);
    assertThat(runtime.directory().liveInstanceCount()).isEqualTo(5);

    runtime.disconnect("c1");

    assertThat(runtime.directory().liveInstanceCount()).isEqualTo(1);
    assertThat(runtime.directory().connectionCount()).isEqualTo(1);
    assertThat(created).filteredOn(BaseVM::isDisposed).hasSize(3);
    runtime.disconnect("c2");
    assertThat(runtime.directory().liveInstanceCount()).isZero();
  }

  @Test
  void subViewModel_fromMaster_andDisposedWithIt() {
    runtime.request(connection("c1"), Map.of(), "Master", null);
    runtime.request(connection("c1"), Map.of(), "Master.Detail", json("{'$vmArg':{'Text':'d1'}}"));
    runtime.request(connection("c1"), Map.of(), "Master.HelloWorld", null);

    MasterVM master = (MasterVM) created.get(0);
    assertThat(master.created).hasSize(2);
    assertThat(master.created.get(0)).isInstanceOf(DetailVM.class);
    assertThat(master.created.get(1)).isInstanceOf(HelloWorld.class); // fell back to the registry
    assertThat(responder.lastDataTo("c1", "Master.Detail")).isEqualTo(json("{'Text':'d1'}"));
    assertThat(runtime.directory().liveInstanceCount()).isEqualTo(3);

    runtime.dispose("c1", "Master");

    assertThat(master.disposing).containsExactlyInAnyOrderElementsOf(master.created);
    assertThat(master.isDisposed()).isTrue();
    assertThat(master.created).allMatch(BaseVM::isDisposed);
    assertThat(runtime.directory().liveInstanceCount()).isZero();
    assertThat(runtime.directory().vmIds("c1")).isEmpty();
  }

  @Test
  void subViewModel_createsItsMasterSilently() {
    runtime.request(connection("c1"), Map.of(), "Master$7.Detail", null);

    assertThat(runtime.directory().vmIds("c1")).containsExactlyInAnyOrder("Master$7", "Master$7.Detail");
    MasterVM master = (MasterVM) created.get(0);
    master.title.set("changed");
    master.pushUpdates();
    // The client never asked for the master: it gets nothing for it until it does.
    assertThat(responder.dataTo("c1", "Master$7")).isEmpty();

    runtime.request(connection("c1"), Map.of(), "Master$7", null);
    assertThat(responder.lastDataTo("c1", "Master$7")).isEqualTo(json("{'Title':'changed'}"));
  }

  @Test
  void disposingSub_keepsMaster() {
    runtime.request(connection("c1"), Map.of(), "Master", null);
    runtime.request(connection("c1"), Map.of(), "Master.Detail", null);

    runtime.dispose("c1", "Master.Detail");

    assertThat(runtime.directory().vmIds("c1")).containsExactly("Master");
    assertThat(((MasterVM) created.get(0)).disposing).hasSize(1);
    assertThat(runtime.directory().liveInstanceCount()).isEqualTo(1);
  }

  @Test
  void scheduleOnce_runsOnceAndNotAfterDispose() throws Exception {
    // "late" is due a second after the request: room for a loaded machine to disconnect first.
    // "control", in a view model nobody disposes, is due after "late": once it has run, "late"
    // would have run too had the disconnect not cancelled it (a marker, not a quiet period).
    Duration late = Duration.ofSeconds(1);
    List<String> runs = new CopyOnWriteArrayList<>();
    VMRuntime own = new VMRuntime(new VMRegistry()
        .register("Once", () -> new BaseVM() {
          {
            scheduleOnce(Duration.ofMillis(5), () -> runs.add("early"));
            scheduleOnce(late, () -> runs.add("late"));
          }
        })
        .register("Control", () -> new BaseVM() {
          {
            scheduleOnce(late.plusMillis(200), () -> runs.add("control"));
          }
        }), responder);
    try {
      long requested = System.nanoTime();
      own.request(connection("c1"), Map.of(), "Once", null);
      own.request(connection("c2"), Map.of(), "Control", null);
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (runs.isEmpty() && System.nanoTime() < deadline) Thread.sleep(5);
      own.disconnect("c1");
      assertThat(System.nanoTime() - requested).as("disconnected before \"late\" was due").isLessThan(late.toNanos());
      while (!runs.contains("control") && System.nanoTime() < deadline) Thread.sleep(5);
      assertThat(runs).containsExactly("early", "control");
      assertThat(own.directory().liveInstanceCount()).isEqualTo(1);
    } finally {
      own.close();
    }
  }
}
